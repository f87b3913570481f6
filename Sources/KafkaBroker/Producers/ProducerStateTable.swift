import KafkaProtocol
import LogStore
import Logging
import NIOCore
import RivuletCore
import Synchronization

/// Producer sequence state per partition, created on the first idempotent batch a partition
/// sees and filled from the tail of its log then, so that a batch retried after a broker
/// restart is still recognised as a duplicate.
///
/// Ownership: the table's lock guards only the map; each partition's state has its own
/// lock, held across check, append and record so that two requests for the same partition
/// cannot both pass the sequence check. Other partitions append in parallel.
final class ProducerStateTable: Sendable {
    struct Key: Hashable, Sendable {
        var topic: String
        var partition: Int32
    }

    final class Slot: Sendable {
        let state = Mutex<ProducerSequenceState?>(nil)
    }

    private let slots = Mutex<[Key: Slot]>([:])
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Runs `body` with the partition's state under its lock, recovering it from the log on
    /// first use.
    func withState<T: Sendable>(of log: PartitionLog, _ body: (inout ProducerSequenceState) -> T) -> T {
        let key = Key(topic: log.topic, partition: log.partition)
        let slot = slots.withLock { slots in
            if let slot = slots[key] { return slot }
            let slot = Slot()
            slots[key] = slot
            return slot
        }
        return slot.state.withLock { state in
            var current = state ?? ProducerStateRecovery.recover(log, logger: logger)
            defer { state = current }
            return body(&current)
        }
    }

    /// Drops the state of a deleted topic, so that a new topic of that name starts clean.
    func forget(topic: String) {
        slots.withLock { slots in
            slots = slots.filter { $0.key.topic != topic }
        }
    }
}
