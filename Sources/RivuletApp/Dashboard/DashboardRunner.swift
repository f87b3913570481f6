import Dashboard
import LogStore
import Logging
import RivuletConfig
import ServiceLifecycle

/// `rivulet dashboard`: serves the page over an existing data directory. The log is not
/// opened: another process may be writing it and LogStore has one writer, so topics are off.
public enum DashboardRunner {
    /// The dashboard server settings from the `dashboard:` section and the snapshot sink's path.
    public static func serverConfiguration(_ config: RivuletConfiguration) -> DashboardServerConfiguration {
        var server = DashboardServerConfiguration()
        server.host = config.dashboard.listen.host
        server.port = config.dashboard.listen.port
        server.token = config.dashboard.token
        server.snapshotPath = snapshotPath(config)
        return server
    }

    /// The first pipeline's snapshot sink, resolved against the data directory; seed 000's path otherwise.
    public static func snapshotPath(_ config: RivuletConfiguration) -> String {
        let data = DataDirectory(config)
        for pipeline in config.pipelines {
            for sink in pipeline.sinks {
                if case .snapshot(let path) = sink { return path.hasPrefix("/") ? path : data.root + "/" + path }
            }
        }
        return data.aggregates + "/latest.json"
    }

    /// The warning for a dashboard reachable from other machines without a token, or nil.
    public static func exposureWarning(_ server: DashboardServerConfiguration) -> String? {
        guard !server.isLoopback, server.token?.isEmpty ?? true else { return nil }
        return
            "warning: the dashboard listens on \(server.host):\(server.port) without a token; anyone on the network can read "
            + "the data. Set dashboard.token in rivulet.yml or listen on 127.0.0.1."
    }

    /// The snapshot watcher and the dashboard, in the order to add them to a `ServiceGroup`
    /// (the watcher first, so on shutdown the server stops before the feed it reads).
    /// `rivulet up` passes its live log, the pipelines' readouts and the watcher its pipelines
    /// offer snapshots to; `rivulet dashboard` passes none of them.
    public static func services(
        config: RivuletConfiguration, log: LogStore? = nil, pipelines: [PipelineReadout] = [],
        watcher: SnapshotWatcher? = nil, logger: Logger,
        listening: @escaping @Sendable (String) -> Void,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in }
    ) -> [any Service] {
        let server = serverConfiguration(config)
        let watcher = watcher ?? SnapshotWatcher(path: server.snapshotPath ?? snapshotPath(config))
        let source = AppDashboardDataSource(
            snapshot: watcher, lake: LakeTables(config), log: log, pipelines: pipelines)
        let dashboard = DashboardService(configuration: server, dataSource: source, logger: logger) { host, port in
            onListening(host, port)
            listening(
                "dashboard on http://\(host.contains(":") ? "[\(host)]" : host):\(port) (snapshot \(watcher.path))")
        }
        return [watcher, dashboard]
    }

    public static func run(
        config: RivuletConfiguration, warn: @escaping @Sendable (String) -> Void,
        listening: @escaping @Sendable (String) -> Void
    ) async throws {
        if let warning = exposureWarning(serverConfiguration(config)) { warn(warning) }
        let logger = Logger(label: "rivulet.dashboard")
        let services = services(config: config, logger: logger, listening: listening)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
