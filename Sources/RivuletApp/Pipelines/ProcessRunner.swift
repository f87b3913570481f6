import Foundation
import KafkaClient
import LogStore
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import StreamEngine

/// `rivulet process`: the embedded log and the configured pipelines in one ServiceGroup
/// (log first, so it closes last), with SIGINT/SIGTERM starting a graceful shutdown in which
/// every pipeline writes a final checkpoint. In remote mode (`broker.bootstrap`) there is no
/// log: each pipeline reads its topic as a consumer group (`KafkaPipelineService`).
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
        let logger = Logger(label: "rivulet.process")
        if config.broker.mode == .remote {
            return try await runRemote(config: config, selected: selected, statusEvery: statusEvery, logger: logger, status: status)
        }
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
        try await runGroup(services, logger: logger)
    }
}

extension ProcessRunner {
    /// Remote mode: each pipeline joins its consumer group on `broker.bootstrap`; no log here.
    static func runRemote(
        config: RivuletConfiguration, selected: [PipelineConfiguration], statusEvery: Duration, logger: Logger,
        status: @escaping @Sendable (String) -> Void
    ) async throws {
        var client = KafkaClientConfiguration(bootstrapServers: try KafkaEndpoint.bootstrapServers(config))
        client.clientID = "rivulet-process"
        let pipelines = try selected.map {
            try KafkaPipelineService(pipeline: $0, config: config, client: client, clock: ContinuousClock(), logger: logger)
        }
        for pipeline in pipelines { try await pipeline.checkCheckpoints() }
        let services: [any Service] =
            pipelines + [StatusLineService(pipelines: pipelines.map(\.metrics), every: statusEvery, clock: ContinuousClock(), print: status)]
        try await runGroup(services, logger: logger)
    }

    static func runGroup(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension KafkaPipelineService {
    /// Like `PipelineService.checkCheckpoint`, for every partition's saved state.
    public func checkCheckpoints() async throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outputs.checkpoints)) ?? []
        for name in names.sorted() where name.hasPrefix("partition-") {
            guard let bytes = try await FileCheckpointStore(directory: outputs.checkpoints + "/" + name).load() else { continue }
            _ = try WindowAggregator.restore(from: bytes, definition: definition, now: ProcessingTime(milliseconds: 0))
        }
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
            + "\(m.windowsCommitted) \(m.isWindowed ? "windows" : "rows") committed (epoch \(m.lastCommittedEpoch)"
            + (m.lakeHeldRows > 0 ? ", \(m.lakeHeldRows) held for the next lake file" : "") + "), \(m.lateEvents) late, "
            + "\(m.deadLetters) dead-lettered, lag \(m.lag)"
    }
}
