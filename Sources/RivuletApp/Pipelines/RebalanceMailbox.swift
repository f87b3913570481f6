import KafkaClient
import Synchronization

/// Hands the consumer's rebalance calls to the pipeline task, which owns the per-partition
/// state, and holds the consumer's group task until the pipeline has acted: a revoked
/// partition is checkpointed before the consumer rejoins, so the next owner starts from it.
/// After `close()` (the pipeline has stopped) calls return at once.
final class RebalanceMailbox: ConsumerRebalanceListener {
    enum Change: Sendable {
        case assigned([TopicPartition])
        case revoked([TopicPartition])
        /// Fenced out of the group: drop without checkpointing, another member may own them.
        case lost([TopicPartition])
    }

    struct Pending: Sendable {
        var change: Change
        var done: CheckedContinuation<Void, Never>
    }

    private struct State {
        var pending: [Pending] = []
        var closed = false
    }

    private let state = Mutex(State())

    func partitionsAssigned(_ partitions: [TopicPartition]) async { await post(.assigned(partitions)) }
    func partitionsRevoked(_ partitions: [TopicPartition]) async { await post(.revoked(partitions)) }
    func partitionsLost(_ partitions: [TopicPartition]) async { await post(.lost(partitions)) }

    private func post(_ change: Change) async {
        await withCheckedContinuation { continuation in
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.pending.append(Pending(change: change, done: continuation))
                return true
            }
            if !accepted { continuation.resume() }
        }
    }

    /// The changes posted so far, oldest first; resume each one's `done` once handled.
    func take() -> [Pending] {
        state.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
    }

    var isEmpty: Bool { state.withLock { $0.pending.isEmpty } }

    /// Releases every waiting call and makes later ones return at once.
    func close() {
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.pending.removeAll() }
            return state.pending
        }
        for pending in waiting { pending.done.resume() }
    }
}
