import Synchronization

/// A transactional sink in memory, for tests and for proving the exactly-once protocol:
/// staged epochs are invisible until committed, commits at or below the last are no-ops.
/// `failPoint` lets a test crash the pipeline at a chosen step.
public final class InMemoryTransactionalSink: TransactionalSink {
    public struct State: Sendable {
        public var prepared: [UInt64: [WindowRow]] = [:]
        public var committed: [(epoch: UInt64, rows: [WindowRow])] = []
        public var lastCommitted: UInt64?
    }

    public struct InjectedCrash: Error {}

    private let state = Mutex(State())
    /// When set, `prepare` or `commit` of this epoch throws before doing anything.
    private let crashPoint = Mutex<(epoch: UInt64, atCommit: Bool)?>(nil)

    public init() {}

    public var snapshot: State { state.withLock { $0 } }

    /// Every committed row, in commit order.
    public var committedRows: [WindowRow] { state.withLock { $0.committed.flatMap(\.rows) } }

    public func crash(at epoch: UInt64, atCommit: Bool) { crashPoint.withLock { $0 = (epoch, atCommit) } }

    private func maybeCrash(_ epoch: UInt64, commit: Bool) throws {
        let hit = crashPoint.withLock { p -> Bool in
            guard let c = p, c.epoch == epoch, c.atCommit == commit else { return false }
            p = nil
            return true
        }
        if hit { throw InjectedCrash() }
    }

    public func lastCommittedEpoch() async throws -> UInt64? { state.withLock { $0.lastCommitted } }

    public func prepare(epoch: UInt64, rows: [WindowRow]) async throws {
        try maybeCrash(epoch, commit: false)
        state.withLock { $0.prepared[epoch] = rows }
    }

    public func commit(epoch: UInt64) async throws {
        try maybeCrash(epoch, commit: true)
        try state.withLock { s in
            if let last = s.lastCommitted, epoch <= last { return }
            guard let rows = s.prepared.removeValue(forKey: epoch) else {
                throw StreamEngineError(.sinkFailed, "epoch \(epoch) was committed without being prepared")
            }
            s.committed.append((epoch, rows))
            s.lastCommitted = epoch
        }
    }

    public func abort(after epoch: UInt64?) async throws {
        state.withLock { s in
            guard let epoch else {
                s.prepared = [:]
                return
            }
            s.prepared = s.prepared.filter { $0.key <= epoch }
        }
    }
}

/// A checkpoint store in memory; `save` replaces the previous checkpoint atomically.
public final class InMemoryCheckpointStore: CheckpointStore {
    private let bytes = Mutex<[UInt8]?>(nil)
    public init() {}
    public func load() async throws -> [UInt8]? { bytes.withLock { $0 } }
    public func save(_ data: [UInt8]) async throws { bytes.withLock { $0 = data } }
}
