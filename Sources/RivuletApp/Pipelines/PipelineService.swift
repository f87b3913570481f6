import Lakehouse
import LogStore
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import StreamEngine

/// Runs one windowed pipeline over the embedded log: recover from the checkpoint, then read →
/// decode → aggregate → route outputs, checkpointing every `checkpoint_interval` of the
/// injected clock. On graceful shutdown it stops reading, writes a final checkpoint (which
/// commits the pending final windows) and returns; on cancellation it returns at once and the
/// next start replays from the last checkpoint.
///
/// Outputs: final windows and late events through `DeltaWindowSink` (exactly once), live
/// snapshots to `latest.json` (the latest wins), dead letters to the dead-letter topic.
public struct PipelineService<C: Clock>: Service where C.Duration == Duration {
    public let definition: PipelineDefinition
    public let metrics: PipelineMetricsBox
    let topic: String
    let log: LogStore
    let sink: DeltaWindowSink
    let store: FileCheckpointStore
    let snapshot: SnapshotFileWriter?
    let deadLetters: DeadLetterWriter
    let checkpointInterval: Duration
    let clock: C
    let wallClock: any WallClock
    let logger: Logger
    /// Called after each live snapshot is written, with the events processed so far (for
    /// `rivulet bench engine`'s append-to-live-result latency).
    public var liveObserver: (@Sendable (_ eventsProcessed: Int64) -> Void)?

    /// Builds the pipeline named `name` of `config` over `log`. Throws a usage error for
    /// pipelines the engine cannot run yet (see `PipelineDefinition.init(_:)`).
    public init(
        pipeline: PipelineConfiguration, config: RivuletConfiguration, log: LogStore, clock: C,
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "rivulet.pipeline")
    ) throws {
        let definition = try PipelineDefinition(pipeline)
        _ = try WindowAggregator(definition: definition)  // refuse a bad definition before touching data
        let outputs = try PipelineOutputs(pipeline: pipeline, config: config, definition: definition, wallClock: wallClock)
        let topic = outputs.topic
        let checkpoints = outputs.checkpoints
        self.sink = try outputs.sink(checkpointDirectory: checkpoints, appName: pipeline.name)
        self.snapshot = outputs.snapshot
        self.definition = definition
        self.metrics = PipelineMetricsBox(pipeline: pipeline.name)
        self.topic = topic
        self.log = log
        self.store = FileCheckpointStore(directory: checkpoints)
        self.deadLetters = try DeadLetterWriter(log: log, topic: pipeline.deadLetter.topic, sourceTopic: topic, clock: wallClock)
        self.checkpointInterval = pipeline.checkpointInterval
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
    }

    var now: ProcessingTime { ProcessingTime(milliseconds: wallClock.wallTime().milliseconds) }

    public func run() async throws {
        var coordinator = try await ExactlyOnceCoordinator.recover(definition: definition, sink: sink, store: store, now: now)
        metrics.update { $0.lastCommittedEpoch = coordinator.aggregator.epoch }
        var source = try EmbeddedLogSource(log: log, topic: topic, from: coordinator.aggregator.sourceOffsets)
        let decoder = coordinator.aggregator.makeDecoder()
        let template = coordinator.aggregator.makeBatch()
        // When idle, wake at least this often to publish live results and release idle partitions.
        let tick = definition.liveEvery > .zero ? definition.liveEvery : .seconds(1)
        var nextCheckpoint = clock.now.advanced(by: checkpointInterval)
        logger.info("pipeline started", metadata: ["pipeline": "\(definition.name)", "epoch": "\(coordinator.aggregator.epoch)"])
        while !Task.isCancelled && !PipelineShutdown.isRequested {
            var batch = template.emptyCopy()
            let partition = try source.read(decoder: decoder, into: &batch) { unreadable in
                try deadLetters.writeUnreadableBatch(unreadable)
                coordinator.countDeadLetters(unreadable.lastOffset - unreadable.baseOffset + 1)
            }
            if let partition {
                let outputs = coordinator.process(batch: batch, partition: partition, now: now)
                try route(outputs, events: coordinator.aggregator.counters.events)
                // A busy pipeline would otherwise hold a cooperative thread for as long as data lasts.
                await Task.yield()
            } else {
                let outputs = coordinator.advance(processingTime: now)
                try route(outputs, events: coordinator.aggregator.counters.events)
                if clock.now < nextCheckpoint {
                    let wake = min(nextCheckpoint, clock.now.advanced(by: tick))
                    try await source.waitForData(until: wake, clock: clock)
                }
            }
            if clock.now >= nextCheckpoint {
                try await checkpoint(&coordinator, lag: source.lag)
                nextCheckpoint = clock.now.advanced(by: checkpointInterval)
            }
            publish(coordinator.aggregator, lag: source.lag)
        }
        guard !Task.isCancelled else { return }
        try await checkpoint(&coordinator, lag: source.lag)
        logger.info("pipeline stopped after a final checkpoint", metadata: ["pipeline": "\(definition.name)"])
    }

    func route(_ outputs: [EngineOutput], events: Int64) throws {
        for output in outputs {
            switch output {
            case .finalWindows: break  // kept by the coordinator until the next checkpoint
            case .late(let events): sink.addLate(events)
            case .deadLetter(let letters): try deadLetters.write(letters)
            case .liveSnapshot(let live):
                guard let snapshot else { continue }
                let seconds = wallClock.wallTime().milliseconds / 1000
                try snapshot.write(LatestDocument.render(live: live, definition: definition, updatedAtSeconds: seconds))
                liveObserver?(events)
            }
        }
    }

    func checkpoint(_ coordinator: inout ExactlyOnceCoordinator<DeltaWindowSink, FileCheckpointStore>, lag: Int64) async throws {
        let started = clock.now
        let windows = Int64(coordinator.pending.count)
        try await coordinator.checkpoint()
        let took = started.duration(to: clock.now).milliseconds
        metrics.update { m in
            m.windowsCommitted += windows
            m.lastCommittedEpoch = coordinator.aggregator.epoch
            m.checkpoints += 1
            m.lastCheckpointMilliseconds = took
        }
    }

    func publish(_ aggregator: WindowAggregator, lag: Int64) {
        let counters = aggregator.counters
        let watermark = aggregator.currentWatermark?.milliseconds
        let wall = wallClock.wallTime().milliseconds
        metrics.update { m in
            m.inputEvents = counters.events
            m.lateEvents = counters.lateEvents
            m.deadLetters = counters.deadLetters
            m.openWindows = aggregator.openWindowCount
            m.watermarkMilliseconds = watermark
            m.watermarkDelayMilliseconds = watermark.map { wall - $0 }
            m.lag = lag
        }
    }
}

extension DeadLetterWriter {
    func writeUnreadableBatch(_ batch: EmbeddedLogSource.UnreadableBatch) throws {
        try writeUnreadableBatch(
            partition: batch.partition, baseOffset: batch.baseOffset, lastOffset: batch.lastOffset, code: batch.code,
            error: batch.error, bytes: batch.bytes)
    }
}
