import LogStore
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle

/// `rivulet up`: the whole pipeline in one process. Services start in dependency order —
/// log, group coordinator, broker, pipelines, simulators, dashboard — and stop in reverse on
/// SIGINT or SIGTERM: the dashboard closes, simulators append what they hold, pipelines write
/// a final checkpoint and commit, the broker drains its connections, and the log closes
/// (fsync) last.
public enum UpRunner {
    public static func run(
        config: RivuletConfiguration, statusEvery: Duration = .seconds(5), announce: @escaping @Sendable (String) -> Void
    ) async throws {
        guard config.broker.mode == .embedded else {
            throw RivuletError(.notImplemented, "`rivulet up` runs the embedded broker; against a remote cluster use `rivulet process` and `rivulet produce`")
        }
        try BrokerServices.checkPort(config, flag: "--broker-listen")
        let dashboardAddress = config.dashboard.listen
        if PortProbe.isFree(host: dashboardAddress.host, port: dashboardAddress.port) == .inUse {
            throw RivuletError(.portInUse, "\(dashboardAddress) is already in use; pass --dashboard-listen with a free port")
        }
        if let warning = DashboardRunner.exposureWarning(DashboardRunner.serverConfiguration(config)) { announce(warning) }
        let logger = Logger(label: "rivulet")
        let log = try LogStore.open(for: config)
        let pipelines: [PipelineService<ContinuousClock>]
        do {
            pipelines = try config.pipelines.map {
                try PipelineService(pipeline: $0, config: config, log: log, clock: ContinuousClock(), logger: logger)
            }
            for pipeline in pipelines { try await pipeline.checkCheckpoint() }
        } catch {
            try? log.close()
            throw error
        }
        let broker = BrokerServices(config: config, store: log, logger: logger)
        let lakeRoot = DataDirectory(config).lake(config)
        let simulators = config.simulators.map {
            EmbeddedSimulatorService(
                configuration: $0, log: log, lakeRoot: lakeRoot, defaultPartitions: Int32(config.broker.defaultPartitions),
                clock: ContinuousClock(), logger: logger)
        }
        // The snapshot is re-read every 10 ms so a window reaches the page well within 100 ms.
        let dashboard = DashboardRunner.services(
            config: config, log: log, pipelineMetrics: pipelines.map(\.metrics), snapshotInterval: .milliseconds(10),
            logger: logger, listening: announce)
        typealias Entry = ServiceGroupConfiguration.ServiceConfiguration
        // A simulator with --count or --duration finishes on its own; the rest keeps running.
        let entries: [Entry] =
            broker.services.map { Entry(service: $0) } + pipelines.map { Entry(service: $0) }
            + simulators.map { Entry(service: $0, successTerminationBehavior: .ignore) }
            + dashboard.map { Entry(service: $0) }
            + [Entry(service: StatusLineService(pipelines: pipelines.map(\.metrics), every: statusEvery, clock: ContinuousClock(), print: announce))]
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: entries, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let address = try await broker.broker.listeningAddress()
                announce("broker listening on \(address.host):\(address.port); \(simulators.count) simulators, \(pipelines.count) pipelines; data in \(config.dataDir)")
            }
            try await tasks.waitForAll()
        }
    }
}
