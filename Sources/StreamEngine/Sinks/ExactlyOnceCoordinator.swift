/// Ties the aggregator, a transactional sink and a checkpoint store together so that every
/// final window reaches the sink exactly once across crashes (see `TransactionalSink`).
///
/// Owned by the pipeline task. Final rows are buffered between checkpoints; a checkpoint
/// prepares them under the next epoch, saves the state, then commits.
public struct ExactlyOnceCoordinator<Sink: TransactionalSink, Store: CheckpointStore>: Sendable {
    public private(set) var aggregator: WindowAggregator
    public let sink: Sink
    public let store: Store
    /// Final rows produced since the last checkpoint.
    public private(set) var pending: [WindowRow] = []

    /// Restores from the store's checkpoint (or starts fresh) and reconciles the sink:
    /// the checkpoint's epoch is committed if it was only prepared; later staged epochs are
    /// dropped. Then replay the source from `aggregator.sourceOffsets`.
    public static func recover(
        definition: PipelineDefinition, sink: Sink, store: Store, now: ProcessingTime
    ) async throws -> ExactlyOnceCoordinator {
        let aggregator: WindowAggregator
        if let bytes = try await store.load() {
            aggregator = try WindowAggregator.restore(from: bytes, definition: definition, now: now)
            if aggregator.epoch > 0, (try await sink.lastCommittedEpoch() ?? 0) < aggregator.epoch {
                try await sink.commit(epoch: aggregator.epoch)
            }
            try await sink.abort(after: aggregator.epoch)
        } else {
            aggregator = try WindowAggregator(definition: definition)
            try await sink.abort(after: nil)
        }
        return ExactlyOnceCoordinator(aggregator: aggregator, sink: sink, store: store)
    }

    /// Processes a batch; final windows are kept for the next checkpoint, everything else is
    /// returned for the caller to route (live snapshots, late events, dead letters).
    public mutating func process(batch: ColumnBatch, partition: Int32, now: ProcessingTime) -> [EngineOutput] {
        route(aggregator.process(batch: batch, partition: partition, now: now))
    }

    public mutating func advance(processingTime now: ProcessingTime) -> [EngineOutput] {
        route(aggregator.advance(processingTime: now))
    }

    /// Counts records the source sent to the dead letters without decoding them (a batch
    /// that could not be opened), so the pipeline's counter covers them too.
    public mutating func countDeadLetters(_ records: Int64) { aggregator.counters.deadLetters += records }

    private mutating func route(_ outputs: [EngineOutput]) -> [EngineOutput] {
        outputs.filter { output in
            if case .finalWindows(let rows) = output {
                pending += rows
                return false
            }
            return true
        }
    }

    /// prepare(epoch + 1) → save checkpoint → commit. A crash anywhere in here is recovered
    /// by `recover`: before the save, the epoch is aborted and replayed; after it, committed.
    public mutating func checkpoint() async throws {
        let epoch = aggregator.epoch + 1
        try await sink.prepare(epoch: epoch, rows: pending)
        var next = aggregator
        next.epoch = epoch
        try await store.save(next.checkpoint())
        aggregator = next
        pending.removeAll()
        try await sink.commit(epoch: epoch)
    }
}
