import Synchronization

/// Records the producer has resolved so far, for progress lines and totals; fire-and-forget
/// senders (`sendAndForget`) have no other way to learn how many were acknowledged.
public struct ProducerStatistics: Hashable, Sendable {
    /// Records the broker acknowledged (or that were sent, with acks=none).
    public var acknowledged: Int
    /// Records that failed for good: retries exhausted, delivery timeout, or closed before sending.
    public var failed: Int
}

/// Counters updated by the sender as batches complete; owned by one `KafkaProducer`.
final class ProducerCounters: Sendable {
    let acknowledged = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
}

extension KafkaProducer {
    public var statistics: ProducerStatistics {
        ProducerStatistics(
            acknowledged: counters.acknowledged.load(ordering: .relaxed), failed: counters.failed.load(ordering: .relaxed))
    }
}
