import Synchronization

/// Records the producer has resolved so far, for progress lines and totals; fire-and-forget
/// senders (`sendAndForget`) have no other way to learn how many were acknowledged.
public struct ProducerStatistics: Hashable, Sendable {
    /// Records the broker acknowledged (or that were sent, with acks=none).
    public var acknowledged: Int
    /// Records that failed for good: retries exhausted, delivery timeout, or closed before sending.
    public var failed: Int
    /// Per partition, the offset after the highest acknowledged record: with acks=all every
    /// record of the partition below it that this producer sent is durable. Empty with acks=none.
    public var acknowledgedEndOffsets: [TopicPartition: Int64] = [:]

    public init(acknowledged: Int, failed: Int, acknowledgedEndOffsets: [TopicPartition: Int64] = [:]) {
        self.acknowledged = acknowledged
        self.failed = failed
        self.acknowledgedEndOffsets = acknowledgedEndOffsets
    }
}

/// Counters updated by the sender as batches complete; owned by one `KafkaProducer`.
final class ProducerCounters: Sendable {
    let acknowledged = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let endOffsets = Mutex<[TopicPartition: Int64]>([:])

    /// Counts a batch the broker acknowledged at `baseOffset` (nil when it did not say where).
    func acknowledge(_ tp: TopicPartition, records: Int, baseOffset: Int64?) {
        if let baseOffset {
            let end = baseOffset + Int64(records)
            endOffsets.withLock { $0[tp] = max($0[tp] ?? 0, end) }
        }
        acknowledged.add(records, ordering: .relaxed)
    }
}

extension KafkaProducer {
    public var statistics: ProducerStatistics {
        ProducerStatistics(
            acknowledged: counters.acknowledged.load(ordering: .relaxed), failed: counters.failed.load(ordering: .relaxed),
            acknowledgedEndOffsets: counters.endOffsets.withLock { $0 })
    }
}
