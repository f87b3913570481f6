import StreamEngine

/// One source partition of a Kafka group pipeline, with everything that moves with it
/// between instances on a rebalance: its own aggregator (keyed state and watermark), its
/// checkpoint under `data/checkpoints/<pipeline>/partition-<n>/`, and its own Delta sink whose
/// txn appId is `<pipeline>/partition-<n>`, so that epochs of different partitions (and of
/// different instances owning them in turn) never shadow each other in the table.
///
/// Exactly once across rebalances: the previous owner checkpoints (prepare, save, commit) on
/// revoke before the group reassigns; the next owner recovers that checkpoint (finishing a
/// commit a crash interrupted, dropping later staged epochs) and reads on from its offsets.
/// Owned by the pipeline task.
struct PartitionPipeline {
    let partition: Int32
    var coordinator: ExactlyOnceCoordinator<DeltaWindowSink, FileCheckpointStore>
    let decoder: JSONBatchDecoder
    let template: ColumnBatch
    /// The source offset of the last checkpoint, so that a checkpoint that would change
    /// nothing (no new record, no final window) is skipped.
    private var checkpointedOffset: Int64?

    static func directory(_ outputs: PipelineOutputs, partition: Int32) -> String {
        outputs.checkpoints + "/partition-\(partition)"
    }

    static func open(
        _ outputs: PipelineOutputs, definition: PipelineDefinition, select: [SelectItem], partition: Int32, now: ProcessingTime
    ) async throws -> PartitionPipeline {
        let directory = directory(outputs, partition: partition)
        let sink = try outputs.windowSink(
            definition, select: select, checkpointDirectory: directory, appName: "\(outputs.pipeline.name)/partition-\(partition)")
        let coordinator = try await ExactlyOnceCoordinator.recover(
            definition: definition, sink: sink, store: FileCheckpointStore(directory: directory), now: now)
        return PartitionPipeline(partition: partition, coordinator: coordinator)
    }

    private init(partition: Int32, coordinator: ExactlyOnceCoordinator<DeltaWindowSink, FileCheckpointStore>) {
        self.partition = partition
        self.coordinator = coordinator
        self.decoder = coordinator.aggregator.makeDecoder()
        self.template = coordinator.aggregator.makeBatch()
        self.checkpointedOffset = coordinator.aggregator.sourceOffsets[partition]
    }

    /// Where reading resumes: one past the last checkpointed record, nil for a fresh partition.
    var nextOffset: Int64? { coordinator.aggregator.sourceOffsets[partition] }

    /// Checkpoints unless nothing changed since the last one and no held lake rows are due;
    /// `draining` writes every held row (the partition is leaving this instance, or the
    /// instance stops). Returns the windows committed.
    mutating func checkpoint(draining: Bool = false) async throws -> Int? {
        let lake = coordinator.sink.lake
        if draining { lake.drainAtNextEpoch() }
        guard nextOffset != checkpointedOffset || !coordinator.pending.isEmpty || lake.isFlushDue else { return nil }
        let windows = coordinator.pending.count
        try await coordinator.checkpoint()
        checkpointedOffset = nextOffset
        return windows
    }
}
