import Lakehouse
import LogStore
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import StreamEngine

/// Runs one pipeline over the embedded log or a directory of JSON files: recover from the
/// checkpoint, then read → decode → operate → route outputs, checkpointing every
/// `checkpoint_interval` of the injected clock. On graceful shutdown it stops reading, writes
/// a final checkpoint (which commits the pending results) and returns; on cancellation it
/// returns at once and the next start replays from the last checkpoint.
///
/// Windowed pipelines: final windows and late events through `DeltaWindowSink` (exactly
/// once), live snapshots to `latest.json` (the latest wins). Pass-through pipelines: rows
/// through `PassThroughSink` (exactly once). Dead letters go to the dead-letter topic.
public struct PipelineService<C: Clock>: Service where C.Duration == Duration {
    enum Engine: Sendable {
        case windowed(PipelineDefinition, DeltaWindowSink, SnapshotFileWriter?)
        case passThrough(PassThroughDefinition, PassThroughSink)
    }

    public let name: String
    public let metrics: PipelineMetricsBox
    /// Live ok/warn/error counts per window when the source has a `status` field, else nil.
    public let statusCounts: StatusCountsBox?
    let engine: Engine
    let input: SourceConfiguration.Input
    let log: LogStore
    let store: FileCheckpointStore
    let deadLetters: DeadLetterWriter
    let checkpointInterval: Duration
    let dataRoot: String
    let clock: C
    let wallClock: any WallClock
    let logger: Logger
    /// Called after each live snapshot is written, with the events processed so far (for
    /// `rivulet bench engine`'s append-to-live-result latency).
    public var liveObserver: (@Sendable (_ eventsProcessed: Int64) -> Void)?
    /// Source chunks decoding ahead on other threads; 0 decodes on the pipeline task.
    public var decodeDepth = PipelineReader.defaultDepth
    /// Told of each live snapshot written, with its path (the dashboard of `rivulet up`).
    let onSnapshot: @Sendable (_ path: String, _ bytes: [UInt8]) -> Void

    /// Builds the pipeline `pipeline` of `config` over `log`. Throws a usage error for
    /// pipelines the engine cannot run (see `EnginePipeline.init(_:)`).
    public init(
        pipeline: PipelineConfiguration, config: RivuletConfiguration, log: LogStore, clock: C,
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "rivulet.pipeline"),
        onSnapshot: @escaping @Sendable (_ path: String, _ bytes: [UInt8]) -> Void = { _, _ in }
    ) throws {
        let outputs = try PipelineOutputs(pipeline: pipeline, config: config, wallClock: wallClock, logger: logger)
        let checkpoints = outputs.checkpoints
        switch outputs.engine {
        case .windowed(let definition, let select):
            let sink = try outputs.windowSink(definition, select: select, checkpointDirectory: checkpoints, appName: pipeline.name)
            engine = .windowed(definition, sink, outputs.snapshot)
        case .passThrough(let definition):
            let op = try PassThroughOperator(definition: definition)
            engine = .passThrough(definition, try outputs.passThroughSink(op, checkpointDirectory: checkpoints, appName: pipeline.name))
        }
        let data = DataDirectory(config)
        let sourceName = outputs.sourceName
        self.name = pipeline.name
        self.metrics = PipelineMetricsBox(pipeline: pipeline.name)
        switch engine {
        case .windowed(let definition, _, _):
            statusCounts = StatusCountView.definition(for: definition) == nil ? nil : StatusCountsBox()
        case .passThrough:
            statusCounts = nil
            metrics.update { $0.isWindowed = false }
        }
        self.input = pipeline.source.input
        self.log = log
        self.store = FileCheckpointStore(directory: checkpoints)
        self.deadLetters = try DeadLetterWriter(log: log, topic: pipeline.deadLetter.topic, sourceTopic: sourceName, clock: wallClock)
        self.checkpointInterval = pipeline.checkpointInterval
        self.dataRoot = data.root
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.onSnapshot = onSnapshot
    }

    var now: ProcessingTime { ProcessingTime(milliseconds: wallClock.wallTime().milliseconds) }

    public func run() async throws {
        switch engine {
        case .windowed(let definition, let sink, let snapshot):
            let tick = definition.liveEvery > .zero ? definition.liveEvery : .seconds(1)
            var status = statusCounts == nil ? nil : StatusCountView(definition)
            try await run(WindowAggregator.self, definition, sink, tick: tick, count: \.count, status: &status) { output, events in
                switch output {
                case .late(let events): sink.addLate(events)
                case .liveSnapshot(let live):
                    guard let snapshot else { return }
                    let seconds = wallClock.wallTime().milliseconds / 1000
                    let document = LatestDocument.render(live: live, definition: definition, updatedAtSeconds: seconds)
                    try snapshot.write(document)
                    onSnapshot(snapshot.path, document)
                    liveObserver?(events)
                default: break
                }
            }
        case .passThrough(let definition, let sink):
            var noStatus: StatusCountView?
            try await run(
                PassThroughOperator.self, definition, sink, tick: .seconds(1), count: { $0.reduce(0) { $0 + $1.count } },
                status: &noStatus
            ) { _, _ in }
        }
    }

    /// The run loop of any operator; `route` takes the outputs that are not dead letters or
    /// sink results, `count` counts a checkpoint's results for the metrics; `status` (windowed
    /// pipelines with a `status` field) counts ok/warn/error per window over the same batches.
    func run<Op: StreamOperator, Sink: TransactionalSink & LakeBackedSink>(
        _: Op.Type, _ definition: Op.Definition, _ sink: Sink, tick: Duration, count: (Op.Results) -> Int,
        status: inout StatusCountView?, route: (_ output: EngineOutput, _ eventsProcessed: Int64) throws -> Void
    ) async throws where Sink.Rows == Op.Results {
        var run = try await ExactlyOnceRun<Op, Sink, FileCheckpointStore>.recover(definition: definition, sink: sink, store: store, now: now)
        metrics.update { $0.lastCommittedEpoch = run.aggregator.epoch }
        let source = try makeSource(from: run.aggregator.sourceOffsets)
        status?.restore(try AtomicFile.read(statusPath), sourceOffsets: run.aggregator.sourceOffsets, now: now)
        metrics.update { [source] in $0.partitions = Self.progress(source, committed: run.aggregator.sourceOffsets) }
        var template = run.aggregator.makeBatch()
        if let status, let windows = run.aggregator as? WindowAggregator {
            // The view reads `status` too, so the one decoded batch carries both aggregators' fields.
            template = ColumnBatch(schema: windows.schema, projection: windows.projection.union(status.aggregator.projection))
        }
        var reader = PipelineReader(source: source, template: template, depth: decodeDepth)
        func handle(_ outputs: [EngineOutput]) throws {
            for output in outputs {
                if case .deadLetter(let letters) = output { try deadLetters.write(letters) } else { try route(output, run.aggregator.counters.events) }
            }
        }
        var nextCheckpoint = clock.now.advanced(by: checkpointInterval)
        logger.info("pipeline started", metadata: ["pipeline": "\(name)", "epoch": "\(run.aggregator.epoch)"])
        while !Task.isCancelled && !PipelineShutdown.isRequested {
            if let chunk = try await reader.next() {
                for unreadable in chunk.unreadable {
                    try deadLetters.writeUnreadableBatch(unreadable)
                    run.countDeadLetters(unreadable.lastOffset - unreadable.baseOffset + 1)
                }
                try handle(run.process(batch: chunk.batch, partition: chunk.partition, now: now))
                if let counts = status?.process(batch: chunk.batch, partition: chunk.partition, now: now) { statusCounts?.set(counts) }
                // A busy pipeline would otherwise hold a cooperative thread for as long as data lasts.
                await Task.yield()
            } else {
                try handle(run.advance(processingTime: now))
                if let counts = status?.advance(processingTime: now) { statusCounts?.set(counts) }
                if clock.now < nextCheckpoint {
                    // When idle, wake at least every tick to publish live results and release idle
                    // partitions, and exactly when the next live snapshot is due.
                    var wake = min(nextCheckpoint, clock.now.advanced(by: tick))
                    if let due = run.aggregator.nextLiveSnapshotDue {
                        wake = min(wake, clock.now.advanced(by: .milliseconds(max(0, due.milliseconds - now.milliseconds))))
                    }
                    try await reader.source.waitForData(until: wake, clock: clock)
                }
            }
            if clock.now >= nextCheckpoint {
                try await checkpoint(&run, count: count, status: status, source: reader.source)
                nextCheckpoint = clock.now.advanced(by: checkpointInterval)
            }
            publish(run.aggregator, source: reader.source)
        }
        guard !Task.isCancelled else { return }
        sink.lake.drainAtNextEpoch()
        try await checkpoint(&run, count: count, status: status, source: reader.source)
        logger.info("pipeline stopped after a final checkpoint", metadata: ["pipeline": "\(name)"])
    }

    func makeSource(from offsets: [Int32: Int64]) throws -> any PipelineSource {
        switch input {
        case .topic(let topic): try EmbeddedLogSource(log: log, topic: topic, from: offsets)
        case .directory(let path):
            try DirectorySource(
                directory: path.hasPrefix("/") ? path : dataRoot + "/" + path, checkpointDirectory: store.directory, from: offsets)
        }
    }

    /// The status view's state, saved after each checkpoint (best effort: a stale or missing
    /// file only means fresh counts after a restart).
    var statusPath: String { store.directory + "/status-view.ckpt" }

    func checkpoint<Op, Sink: LakeBackedSink>(
        _ run: inout ExactlyOnceRun<Op, Sink, FileCheckpointStore>, count: (Op.Results) -> Int, status: StatusCountView?,
        source: any PipelineSource
    ) async throws {
        let started = clock.now
        let results = Int64(count(run.pending))
        try await run.checkpoint()
        if let status { try? AtomicFile.write(status.checkpoint(), to: statusPath) }
        let took = started.duration(to: clock.now).milliseconds
        let epoch = run.aggregator.epoch
        let progress = Self.progress(source, committed: run.aggregator.sourceOffsets)
        let lake = run.sink.lake
        let version = lake.lastCommittedVersion
        let wall = wallClock.wallTime().milliseconds
        metrics.update { m in
            m.windowsCommitted += results
            m.lakeHeldRows = lake.heldRows
            m.lastCommittedEpoch = epoch
            m.checkpoints += 1
            m.lastCheckpointMilliseconds = took
            m.partitions = progress
            if let version, let table = lake.primaryTableName, version != m.lastLakeCommit?.version {
                m.lastLakeCommit = LakeCommit(table: table, version: version, atMilliseconds: wall)
            }
        }
    }

    /// Called when processed and committed offsets are the same: at start and at checkpoints.
    static func progress(_ source: any PipelineSource, committed: [Int32: Int64]) -> [PartitionProgress] {
        source.positions.map {
            PartitionProgress(
                partition: $0.partition, logEndOffset: $0.logEnd, processedOffset: committed[$0.partition] ?? $0.next,
                committedOffset: committed[$0.partition])
        }
    }

    func publish(_ op: some StreamOperator, source: any PipelineSource) {
        let counters = op.counters
        let watermark = op.currentWatermark?.milliseconds
        let wall = wallClock.wallTime().milliseconds
        let open = op.openWindowCount
        // Processed is what the operator has taken in; the source has read up to a few chunks
        // further ahead (`PipelineReader`), which is not progress yet.
        let processed = op.sourceOffsets
        let positions = source.positions.map { (logEnd: $0.logEnd, processed: processed[$0.partition] ?? $0.next) }
        let lag = positions.reduce(Int64(0)) { $0 + max(0, $1.logEnd - $1.processed) }
        metrics.update { m in
            m.inputEvents = counters.events
            m.lateEvents = counters.lateEvents
            m.deadLetters = counters.deadLetters
            m.openWindows = open
            m.watermarkMilliseconds = watermark
            m.watermarkDelayMilliseconds = watermark.map { wall - $0 }
            m.lag = lag
            for (i, position) in positions.enumerated() where i < m.partitions.count {
                m.partitions[i].logEndOffset = position.logEnd
                m.partitions[i].processedOffset = position.processed
            }
        }
    }

    /// Throws `.incompatibleCheckpoint` (whose message holds `rivulet clean --checkpoints
    /// --pipeline NAME`) when the saved state was written for another pipeline shape.
    public func checkCheckpoint() async throws {
        guard let bytes = try await store.load() else { return }
        switch engine {
        case .windowed(let definition, _, _): _ = try WindowAggregator.restore(from: bytes, definition: definition, now: now)
        case .passThrough(let definition, _): _ = try PassThroughOperator.restore(from: bytes, definition: definition, now: now)
        }
    }
}

extension [LakeTarget] {
    var deltaTables: [DeltaTable] {
        compactMap { if case .delta(let w, _) = $0 { w.table } else { nil } }
    }
}

extension DeadLetterWriter {
    func writeUnreadableBatch(_ batch: UnreadableInput) throws {
        try writeUnreadableBatch(
            partition: batch.partition, baseOffset: batch.baseOffset, lastOffset: batch.lastOffset, code: batch.code,
            error: batch.error, bytes: batch.bytes)
    }
}
