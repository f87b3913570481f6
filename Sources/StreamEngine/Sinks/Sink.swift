/// A sink that takes an operator's results (final windows, pass-through rows) exactly once, by checkpoint epoch (DESIGN §6).
///
/// Protocol, driven by `ExactlyOnceCoordinator`:
/// 1. `prepare(epoch:rows:)` stages the epoch's rows durably but invisibly (Delta: data files
///    written, no log entry yet);
/// 2. the engine saves its checkpoint (state + source offsets + epoch) atomically;
/// 3. `commit(epoch:)` makes the rows visible atomically (Delta: a log entry with a `txn`
///    action, appId = pipeline, version = epoch). Committing an epoch at or below the last
///    committed one is a no-op, which is how a restart skips epochs already committed.
/// On restart, the coordinator commits the checkpoint's epoch if the crash came between 2 and
/// 3, and aborts any staged epoch after it (its rows will be produced again by replay).
public protocol TransactionalSink: Sendable {
    /// What one epoch carries: final windows, or pass-through row batches.
    associatedtype Rows: Sendable = [WindowRow]
    /// The highest committed epoch; nil before the first commit.
    func lastCommittedEpoch() async throws -> UInt64?
    func prepare(epoch: UInt64, rows: Rows) async throws
    func commit(epoch: UInt64) async throws
    /// Drops staged epochs greater than `epoch` (all staged epochs when nil).
    func abort(after epoch: UInt64?) async throws
}

/// Where checkpoints are kept; the file implementation writes a temp file, fsyncs and renames.
public protocol CheckpointStore: Sendable {
    func load() async throws -> [UInt8]?
    func save(_ bytes: [UInt8]) async throws
}
