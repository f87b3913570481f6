import LogStore
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import StreamEngine

/// `rivulet process`: the embedded log and the configured pipelines in one ServiceGroup
/// (log first, so it closes last), with SIGINT/SIGTERM starting a graceful shutdown in which
/// every pipeline writes a final checkpoint.
public enum ProcessRunner {
    public static func run(
        config: RivuletConfiguration, only name: String? = nil, statusEvery: Duration = .seconds(5),
        status: @escaping @Sendable (String) -> Void
    ) async throws {
        let selected = config.pipelines.filter { name == nil || $0.name == name }
        guard !selected.isEmpty else {
            let known = config.pipelines.map(\.name).joined(separator: ", ")
            throw RivuletError(
                .invalidArgument, name.map { "no pipeline `\($0)` in the config; pipelines: \(known.isEmpty ? "none" : known)" }
                    ?? "the config declares no pipelines")
        }
        guard config.broker.mode == .embedded else {
            throw RivuletError(
                .notImplemented, "`rivulet process` reads the embedded log only for now; a remote broker needs the Kafka client (issue 5)")
        }
        let logger = Logger(label: "rivulet.process")
        let log = try LogStore.open(for: config)
        let pipelines: [PipelineService<ContinuousClock>]
        do {
            pipelines = try selected.map { try PipelineService(pipeline: $0, config: config, log: log, clock: ContinuousClock(), logger: logger) }
            // An incompatible checkpoint stops here, with the reset command, before any service runs.
            for pipeline in pipelines { try await pipeline.checkCheckpoint() }
        } catch {
            try? log.close()
            throw error
        }
        let services: [any Service] =
            [LogStoreService(store: log, clock: ContinuousClock(), logger: logger)] + pipelines
            + [StatusLineService(pipelines: pipelines.map(\.metrics), every: statusEvery, clock: ContinuousClock(), print: status)]
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Prints one line per pipeline every `every`: events/s, watermark, windows (or rows) committed.
struct StatusLineService<C: Clock>: Service where C.Duration == Duration {
    let pipelines: [PipelineMetricsBox]
    let every: Duration
    let clock: C
    let print: @Sendable (String) -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var previous = pipelines.map(\.current.inputEvents)
            while (try? await clock.sleep(for: every)) != nil {
                for (i, box) in pipelines.enumerated() {
                    let m = box.current
                    print(StatusLine.render(m, previousEvents: previous[i], seconds: Double(every.milliseconds) / 1000))
                    previous[i] = m.inputEvents
                }
            }
        }
    }
}

enum StatusLine {
    static func render(_ m: PipelineMetrics, previousEvents: Int64, seconds: Double) -> String {
        let rate = seconds > 0 ? Double(m.inputEvents - previousEvents) / seconds : 0
        let watermark = m.watermarkMilliseconds.map { ISO8601Text.format(milliseconds: $0) } ?? "none"
        return "\(m.pipeline): \(Int(rate.rounded())) events/s, \(m.inputEvents) events, watermark \(watermark), "
            + "\(m.windowsCommitted) \(m.isWindowed ? "windows" : "rows") committed (epoch \(m.lastCommittedEpoch)), \(m.lateEvents) late, "
            + "\(m.deadLetters) dead-lettered, lag \(m.lag)"
    }
}
