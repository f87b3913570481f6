import RivuletCore
import Synchronization

/// Hands out producer IDs for InitProducerId. IDs start from the start-up wall time in
/// microseconds-like units (milliseconds × 1000), so a restarted broker never reissues an
/// ID whose batches are still in the log without having to persist a counter: that would
/// take more than 1000 allocations per millisecond of the previous run's uptime.
final class ProducerIDAllocator: Sendable {
    private let next: Mutex<Int64>

    init(startingAt time: Timestamp) {
        next = Mutex(max(1, time.milliseconds) &* 1000)
    }

    func allocate() -> Int64 {
        next.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
