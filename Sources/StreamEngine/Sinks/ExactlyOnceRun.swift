/// The windowed pipeline's run: final windows to the sink exactly once.
public typealias ExactlyOnceCoordinator<Sink: TransactionalSink, Store: CheckpointStore> =
    ExactlyOnceRun<WindowAggregator, Sink, Store> where Sink.Rows == [WindowRow]

/// Ties an operator, a transactional sink and a checkpoint store together so that every
/// result (final window, pass-through row) reaches the sink exactly once across crashes
/// (see `TransactionalSink`).
///
/// Owned by the pipeline task. Results are buffered between checkpoints; a checkpoint
/// prepares them under the next epoch, saves the state, then commits.
public struct ExactlyOnceRun<Operator: StreamOperator, Sink: TransactionalSink, Store: CheckpointStore>: Sendable
where Sink.Rows == Operator.Results {
    public private(set) var aggregator: Operator
    public let sink: Sink
    public let store: Store
    /// Results produced since the last checkpoint.
    public private(set) var pending = Operator.Results()

    /// Restores from the store's checkpoint (or starts fresh) and reconciles the sink:
    /// the checkpoint's epoch is committed if it was only prepared; later staged epochs are
    /// dropped. Then replay the source from `aggregator.sourceOffsets`.
    public static func recover(
        definition: Operator.Definition, sink: Sink, store: Store, now: ProcessingTime
    ) async throws -> ExactlyOnceRun {
        let aggregator: Operator
        if let bytes = try await store.load() {
            aggregator = try Operator.restore(from: bytes, definition: definition, now: now)
            if aggregator.epoch > 0, (try await sink.lastCommittedEpoch() ?? 0) < aggregator.epoch {
                try await sink.commit(epoch: aggregator.epoch)
            }
            try await sink.abort(after: aggregator.epoch)
        } else {
            aggregator = try Operator(definition: definition)
            try await sink.abort(after: nil)
        }
        return ExactlyOnceRun(aggregator: aggregator, sink: sink, store: store)
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
    public mutating func countDeadLetters(_ records: Int64) { aggregator.countDeadLetters(records) }

    private mutating func route(_ outputs: [EngineOutput]) -> [EngineOutput] {
        outputs.filter { output in
            guard let results = Operator.sinkResults(output) else { return true }
            pending.append(contentsOf: results)
            return false
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
