/// Continuations parked until a threshold is reached (new data appended, data made
/// durable). Lives inside the partition's lock; the owner resumes what `take` returns
/// outside the lock.
struct WaiterList: Sendable {
    struct Waiter: Sendable {
        let id: UInt64
        /// Resumed once the watched offset is greater than this.
        let threshold: Int64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private var waiters: [Waiter] = []
    private var cancelled: Set<UInt64> = []
    private var nextID: UInt64 = 0

    var isEmpty: Bool { waiters.isEmpty }

    mutating func makeID() -> UInt64 {
        nextID += 1
        return nextID
    }

    /// Parks the continuation unless it was cancelled before it got here (then returns false).
    mutating func add(_ waiter: Waiter) -> Bool {
        if cancelled.remove(waiter.id) != nil { return false }
        waiters.append(waiter)
        return true
    }

    /// Removes the waiter if parked; otherwise remembers that `add` must refuse it.
    mutating func cancel(_ id: UInt64) -> Waiter? {
        if let index = waiters.firstIndex(where: { $0.id == id }) { return waiters.remove(at: index) }
        cancelled.insert(id)
        return nil
    }

    /// Removes and returns the waiters satisfied by `value`.
    mutating func take(reached value: Int64) -> [Waiter] {
        guard waiters.contains(where: { value > $0.threshold }) else { return [] }
        let ready = waiters.filter { value > $0.threshold }
        waiters.removeAll { value > $0.threshold }
        return ready
    }

    mutating func takeAll() -> [Waiter] {
        defer { waiters.removeAll() }
        return waiters
    }
}
