import Foundation
import Logging
import RivuletCore
import Synchronization

/// The thread that turns writes into durable data for `groupCommit` and `interval`.
///
/// Group commit: appends mark their partition dirty and return; this thread takes every
/// dirty partition at once, fsyncs each, and wakes the appends waiting on them. Appends
/// that arrive during an fsync are served by the next one, so one fsync covers many
/// appends. It runs on its own OS thread because fsync blocks, and blocking a thread of
/// Swift's small cooperative pool would stall unrelated tasks.
final class DurabilityFlusher: @unchecked Sendable {
    private let condition = NSCondition()
    private var dirty: [ObjectIdentifier: PartitionLog] = [:]
    private var stopping = false
    private var thread: Thread?
    private let interval: Duration?
    private let logger: Logger
    private let finished = DispatchSemaphore(value: 0)
    /// Number of fsync rounds, for tests and benchmarks (appends per fsync).
    let rounds = Atomic<Int>(0)

    init(policy: FsyncPolicy, logger: Logger) {
        if case .interval(let every) = policy { interval = every } else { interval = nil }
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "rivulet-log-flusher"
        self.thread = thread
        thread.start()
    }

    func markDirty(_ partition: PartitionLog) {
        condition.lock()
        let wasEmpty = dirty.isEmpty
        dirty[ObjectIdentifier(partition)] = partition
        if wasEmpty && interval == nil { condition.signal() }
        condition.unlock()
    }

    /// Flushes what is dirty and stops the thread.
    func stop() {
        condition.lock()
        guard !stopping, thread != nil else {
            condition.unlock()
            return
        }
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        while true {
            condition.lock()
            if let interval {
                let deadline = Date(timeIntervalSinceNow: Double(interval.nanoseconds) / 1e9)
                while !stopping && condition.wait(until: deadline) {}
            } else {
                while dirty.isEmpty && !stopping { condition.wait() }
            }
            let batch = dirty
            dirty.removeAll(keepingCapacity: true)
            let stop = stopping
            condition.unlock()
            for partition in batch.values {
                do {
                    try partition.syncWrittenData()
                } catch {
                    logger.error("fsync failed", metadata: ["partition": "\(partition.topic)-\(partition.partition)", "error": "\(error)"])
                }
            }
            if !batch.isEmpty { rounds.add(1, ordering: .relaxed) }
            if stop { break }
        }
        finished.signal()
    }
}
