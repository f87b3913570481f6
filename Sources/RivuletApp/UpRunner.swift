import LogStore
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import StreamEngine

/// `rivulet up`: the whole pipeline in one process. Services start in dependency order —
/// log, group coordinator, broker, pipelines, simulators, dashboard — and stop in reverse on
/// SIGINT or SIGTERM: the dashboard closes, simulators append what they hold, pipelines write
/// a final checkpoint and commit, the broker drains its connections, and the log closes
/// (fsync) last.
public enum UpRunner {
    public static func run(
        config: RivuletConfiguration, statusEvery: Duration = .seconds(5), announce: @escaping @Sendable (String) -> Void
    ) async throws {
        let up = try await UpServices(config: config, statusEvery: statusEvery, announce: announce)
        try await up.run()
        for line in up.summary { announce(line) }
    }
}

/// The services of `rivulet up` in one `ServiceGroup`, built and checked (ports, checkpoints)
/// but not yet running. `UpRunner` runs them until a signal; `rivulet bench e2e` runs them
/// in-process and stops them itself.
public struct UpServices: Sendable {
    public let group: ServiceGroup
    public let log: LogStore
    public let pipelines: [PipelineService<ContinuousClock>]
    public let simulators: [EmbeddedSimulatorService<ContinuousClock>]
    let broker: BrokerServices
    let dataDir: String
    let announce: @Sendable (String) -> Void

    /// - Parameter onDashboard: called with the dashboard's host and actual port once it listens.
    public init(
        config: RivuletConfiguration, statusEvery: Duration = .seconds(5), announce: @escaping @Sendable (String) -> Void,
        onDashboard: @escaping @Sendable (String, Int) -> Void = { _, _ in }
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
        // Pipelines hand each snapshot to the dashboard as they write it; the poll only covers
        // a file written by another process.
        let watcher = SnapshotWatcher(path: DashboardRunner.snapshotPath(config))
        let pipelines: [PipelineService<ContinuousClock>]
        do {
            pipelines = try config.pipelines.map {
                try PipelineService(
                    pipeline: $0, config: config, log: log, clock: ContinuousClock(), logger: logger,
                    onSnapshot: { watcher.offer($1, path: $0) })
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
        let dashboard = DashboardRunner.services(
            config: config, log: log, pipelines: pipelines.map(\.readout), watcher: watcher, logger: logger,
            listening: announce, onListening: onDashboard)
        typealias Entry = ServiceGroupConfiguration.ServiceConfiguration
        // A simulator with --count or --duration finishes on its own; the rest keeps running.
        let entries: [Entry] =
            broker.services.map { Entry(service: $0) } + pipelines.map { Entry(service: $0) }
            + simulators.map { Entry(service: $0, successTerminationBehavior: .ignore) }
            + dashboard.map { Entry(service: $0) }
            + [Entry(service: StatusLineService(pipelines: pipelines.map(\.metrics), every: statusEvery, clock: ContinuousClock(), print: announce))]
        group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: entries, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        self.log = log
        self.pipelines = pipelines
        self.simulators = simulators
        self.broker = broker
        self.dataDir = config.dataDir
        self.announce = announce
    }

    /// Runs every service until a signal or `group.triggerGracefulShutdown()` has stopped them all.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let address = try await broker.broker.listeningAddress()
                announce("broker listening on \(address.host):\(address.port); \(simulators.count) simulators, \(pipelines.count) pipelines; data in \(dataDir)")
            }
            try await tasks.waitForAll()
        }
    }

    /// What the run left behind, for after `run()` returns: events appended by each simulator,
    /// the watermark each pipeline's final checkpoint was taken at.
    public var summary: [String] {
        simulators.map { ShutdownSummary.simulator($0.configuration, appended: $0.appended.value) }
            + pipelines.map { ShutdownSummary.pipeline($0.metrics.current) }
    }
}

/// The lines `rivulet up` prints once everything has stopped, so a user (or a test) knows what
/// the run left behind.
enum ShutdownSummary {
    static func simulator(_ configuration: SimulatorConfiguration, appended: Int64) -> String {
        "stopped: simulator \(configuration.kind.rawValue) appended \(appended) events to \(configuration.topic)"
    }

    static func pipeline(_ m: PipelineMetrics) -> String {
        let watermark = m.watermarkMilliseconds.map { "\(ISO8601Text.format(milliseconds: $0)) (\($0) ms)" } ?? "none"
        return "stopped: pipeline \(m.pipeline) at watermark \(watermark), epoch \(m.lastCommittedEpoch), "
            + "\(m.windowsCommitted) windows committed, lag \(m.lag)"
    }
}
