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
    /// Live ok/warn/error counts per window when the source has a `status` field, else nil.
    public let statusCounts: StatusCountsBox?
    let topic: String
    let log: LogStore
    let sink: DeltaWindowSink
    let windowsTable: String
    let store: FileCheckpointStore
    let snapshot: SnapshotFileWriter?
    let deadLetters: DeadLetterWriter
    let checkpointInterval: Duration
    let clock: C
    let wallClock: any WallClock
    let logger: Logger
    /// Told of each live snapshot written, with its path (the dashboard of `rivulet up`).
    let onSnapshot: @Sendable (_ path: String, _ bytes: [UInt8]) -> Void

    /// Builds the pipeline named `name` of `config` over `log`. Throws a usage error for
    /// pipelines the engine cannot run yet (see `PipelineDefinition.init(_:)`).
    public init(
        pipeline: PipelineConfiguration, config: RivuletConfiguration, log: LogStore, clock: C,
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "rivulet.pipeline"),
        onSnapshot: @escaping @Sendable (_ path: String, _ bytes: [UInt8]) -> Void = { _, _ in }
    ) throws {
        let definition = try PipelineDefinition(pipeline)
        _ = try WindowAggregator(definition: definition)  // refuse a bad definition before touching data
        guard let topic = pipeline.source.topic else {
            throw RivuletError(.invalidArgument, "pipeline \(pipeline.name) needs a source topic")
        }
        guard case .delta(let tableName, let partitionBy)? = pipeline.sinks.first(where: { $0.kind == .delta }) else {
            throw RivuletError(.invalidArgument, "pipeline \(pipeline.name): a windowed pipeline needs a `delta` sink for its final windows")
        }
        let data = DataDirectory(config)
        let tables = LakeTables(config)
        let checkpoints = data.checkpoints(pipeline: pipeline.name)
        let windows = DeltaTable(path: tables.root + "/" + tableName, configuration: tables.configuration, clock: wallClock)
        let late = pipeline.lateEvents.map {
            (table: DeltaTable(path: tables.root + "/" + $0.table, configuration: tables.configuration, clock: wallClock),
             columns: LateEventColumns(definition, topic: topic))
        }
        self.sink = DeltaWindowSink(
            windows: windows, columns: WindowRowColumns(definition), partitionBy: partitionBy, late: late,
            appId: try DeltaWindowSink.appId(pipeline: pipeline.name, table: windows, checkpointDirectory: checkpoints),
            stagingDirectory: checkpoints + "/staging")
        self.snapshot = pipeline.sinks.compactMap { sink -> SnapshotFileWriter? in
            guard case .snapshot(let path) = sink else { return nil }
            return SnapshotFileWriter(path: path.hasPrefix("/") ? path : data.root + "/" + path)
        }.first
        self.definition = definition
        self.metrics = PipelineMetricsBox(pipeline: pipeline.name)
        self.statusCounts = StatusCountView.definition(for: definition) == nil ? nil : StatusCountsBox()
        self.windowsTable = tableName
        self.topic = topic
        self.log = log
        self.store = FileCheckpointStore(directory: checkpoints)
        self.deadLetters = try DeadLetterWriter(log: log, topic: pipeline.deadLetter.topic, sourceTopic: topic, clock: wallClock)
        self.checkpointInterval = pipeline.checkpointInterval
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.onSnapshot = onSnapshot
    }

    var now: ProcessingTime { ProcessingTime(milliseconds: wallClock.wallTime().milliseconds) }

    public func run() async throws {
        var coordinator = try await ExactlyOnceCoordinator.recover(definition: definition, sink: sink, store: store, now: now)
        metrics.update { $0.lastCommittedEpoch = coordinator.aggregator.epoch }
        var source = try EmbeddedLogSource(log: log, topic: topic, from: coordinator.aggregator.sourceOffsets)
        var status = statusCounts == nil ? nil : StatusCountView(definition)
        status?.restore(try AtomicFile.read(statusPath), sourceOffsets: coordinator.aggregator.sourceOffsets, now: now)
        metrics.update { $0.partitions = Self.progress(source, committed: coordinator.aggregator.sourceOffsets) }
        let decoder = coordinator.aggregator.makeDecoder()
        // The view reads `status` too, so the one decoded batch carries both aggregators' fields.
        let template = ColumnBatch(
            schema: coordinator.aggregator.schema,
            projection: coordinator.aggregator.projection.union(status?.aggregator.projection ?? []))
        // When idle, wake at least this often to publish live results and release idle partitions.
        let tick = definition.liveEvery > .zero ? definition.liveEvery : .seconds(1)
        var nextCheckpoint = clock.now.advanced(by: checkpointInterval)
        logger.info("pipeline started", metadata: ["pipeline": "\(definition.name)", "epoch": "\(coordinator.aggregator.epoch)"])
        while !Task.isCancelled && !PipelineShutdown.isRequested {
            var batch = template.emptyCopy()
            let partition = try source.read(decoder: decoder, into: &batch) { try deadLetters.writeUnreadableBatch($0) }
            if let partition {
                try route(coordinator.process(batch: batch, partition: partition, now: now))
                if let counts = status?.process(batch: batch, partition: partition, now: now) { statusCounts?.set(counts) }
                // A busy pipeline would otherwise hold a cooperative thread for as long as data lasts.
                await Task.yield()
            } else {
                try route(coordinator.advance(processingTime: now))
                if let counts = status?.advance(processingTime: now) { statusCounts?.set(counts) }
                if clock.now < nextCheckpoint {
                    var wake = min(nextCheckpoint, clock.now.advanced(by: tick))
                    if let due = coordinator.aggregator.nextLiveSnapshotDue {
                        wake = min(wake, clock.now.advanced(by: .milliseconds(max(0, due.milliseconds - now.milliseconds))))
                    }
                    try await source.waitForData(until: wake, clock: clock)
                }
            }
            if clock.now >= nextCheckpoint {
                try await checkpoint(&coordinator, status: status, source: source)
                nextCheckpoint = clock.now.advanced(by: checkpointInterval)
            }
            publish(coordinator.aggregator, source: source)
        }
        guard !Task.isCancelled else { return }
        try await checkpoint(&coordinator, status: status, source: source)
        logger.info("pipeline stopped after a final checkpoint", metadata: ["pipeline": "\(definition.name)"])
    }

    func route(_ outputs: [EngineOutput]) throws {
        for output in outputs {
            switch output {
            case .finalWindows: break  // kept by the coordinator until the next checkpoint
            case .late(let events): sink.addLate(events)
            case .deadLetter(let letters): try deadLetters.write(letters)
            case .liveSnapshot(let live):
                guard let snapshot else { continue }
                let seconds = wallClock.wallTime().milliseconds / 1000
                let document = LatestDocument.render(live: live, definition: definition, updatedAtSeconds: seconds)
                try snapshot.write(document)
                onSnapshot(snapshot.path, document)
            }
        }
    }

    /// The status view's state, saved after each checkpoint (best effort: a stale or missing
    /// file only means fresh counts after a restart).
    var statusPath: String { store.directory + "/status-view.ckpt" }

    func checkpoint(
        _ coordinator: inout ExactlyOnceCoordinator<DeltaWindowSink, FileCheckpointStore>, status: StatusCountView?,
        source: EmbeddedLogSource
    ) async throws {
        let started = clock.now
        let windows = Int64(coordinator.pending.count)
        try await coordinator.checkpoint()
        if let status { try? AtomicFile.write(status.checkpoint(), to: statusPath) }
        let took = started.duration(to: clock.now).milliseconds
        let committed = coordinator.aggregator.sourceOffsets
        let version = sink.lastCommittedVersion
        let wall = wallClock.wallTime().milliseconds
        metrics.update { m in
            m.windowsCommitted += windows
            m.lastCommittedEpoch = coordinator.aggregator.epoch
            m.checkpoints += 1
            m.lastCheckpointMilliseconds = took
            m.partitions = Self.progress(source, committed: committed)
            if let version, version != m.lastLakeCommit?.version {
                m.lastLakeCommit = LakeCommit(table: windowsTable, version: version, atMilliseconds: wall)
            }
        }
    }

    static func progress(_ source: EmbeddedLogSource, committed: [Int32: Int64]) -> [PartitionProgress] {
        source.positions.map {
            PartitionProgress(
                partition: $0.partition, logEndOffset: $0.logEnd, processedOffset: $0.next,
                committedOffset: committed[$0.partition])
        }
    }

    func publish(_ aggregator: WindowAggregator, source: EmbeddedLogSource) {
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
            m.lag = source.lag
            for (i, position) in source.positions.enumerated() where i < m.partitions.count {
                m.partitions[i].logEndOffset = position.logEnd
                m.partitions[i].processedOffset = position.next
            }
        }
    }
}

extension DeadLetterWriter {
    func writeUnreadableBatch(_ batch: EmbeddedLogSource.UnreadableBatch) throws {
        try writeUnreadableBatch(
            partition: batch.partition, baseOffset: batch.baseOffset, lastOffset: batch.lastOffset, error: batch.error,
            bytes: batch.bytes)
    }
}
