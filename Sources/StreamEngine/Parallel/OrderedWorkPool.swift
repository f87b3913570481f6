import Dispatch
import Synchronization

/// Runs jobs on up to `workers` of Dispatch's threads and hands their results back in the
/// order the jobs were submitted, so that a pipeline decodes its next chunks on another core
/// while its own task aggregates this one, and still sees its input in source order.
///
/// The caller helps: when the result it asks for is not ready and jobs are still queued,
/// `next()` runs the oldest queued job itself instead of waiting. So with `workers` one less
/// than the cores, every core is busy whether decoding or aggregating is the larger half,
/// and no more threads are runnable than there are cores (measured on 2 cores: a third
/// runnable thread cost more in switching than it gained).
///
/// Each worker (and the helping caller) holds a `Scratch` (a `JSONBatchDecoder`, which is not
/// thread-safe) for as long as it runs jobs; scratches are reused, never shared. The caller
/// bounds how many jobs are in flight (`inFlight`); a job is never cancelled, so `next()`
/// always returns.
///
/// Dispatch's threads, not the Swift cooperative pool: a decode is a millisecond of CPU with
/// no suspension point, which on a 2-thread cooperative pool would hold back every other
/// task (simulators, dashboard, broker handlers) for as long.
public final class OrderedWorkPool<Input: Sendable, Output: Sendable, Scratch>: Sendable {
    private struct State: ~Copyable {
        var submitted = 0
        var taken = 0
        var queued: [(sequence: Int, input: Input)] = []
        var running = 0
        var finished: [Int: Output] = [:]
        var waiter: (sequence: Int, continuation: CheckedContinuation<Output, Never>)?
        var idle: [ScratchBox] = []
    }

    /// Moves a scratch between threads; only ever used by one job at a time.
    private struct ScratchBox: @unchecked Sendable { var scratch: Scratch }

    private enum Step {
        case ready(Output)
        case run(sequence: Int, input: Input, scratch: ScratchBox?)
        case wait
    }

    public let workers: Int
    private let state = Mutex(State())
    private let makeScratch: @Sendable () -> Scratch
    private let work: @Sendable (Input, inout Scratch) -> Output
    private let queue = DispatchQueue.global(qos: .userInitiated)

    public init(
        workers: Int, makeScratch: @escaping @Sendable () -> Scratch, work: @escaping @Sendable (Input, inout Scratch) -> Output
    ) {
        self.workers = max(1, workers)
        self.makeScratch = makeScratch
        self.work = work
    }

    /// Jobs submitted whose result has not been taken by `next()` yet.
    public var inFlight: Int { state.withLock { $0.submitted - $0.taken } }

    public func submit(_ input: Input) {
        let startWorker = state.withLock { state in
            state.queued.append((state.submitted, input))
            state.submitted += 1
            guard state.running < workers else { return false }
            state.running += 1
            return true
        }
        if startWorker { queue.async { [self] in runQueuedJobs() } }
    }

    /// A worker: runs queued jobs, oldest first, until none is left.
    private func runQueuedJobs() {
        var box = state.withLock { $0.idle.popLast() } ?? ScratchBox(scratch: makeScratch())
        while let job = state.withLock({ state -> (sequence: Int, input: Input)? in
            guard !state.queued.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.queued.removeFirst()
        }) {
            finish(job.sequence, work(job.input, &box.scratch))
        }
        state.withLock { $0.idle.append(box) }
    }

    private func finish(_ sequence: Int, _ output: Output) {
        let waiter = state.withLock { state -> CheckedContinuation<Output, Never>? in
            if let waiter = state.waiter, waiter.sequence == sequence {
                state.waiter = nil
                state.taken += 1
                return waiter.continuation
            }
            state.finished[sequence] = output
            return nil
        }
        waiter?.resume(returning: output)
    }

    /// Reads ahead: submits inputs from `more` until `depth` jobs are in flight (or `more` has
    /// none), then returns the oldest result; nil when nothing is in flight.
    public func next(keepingInFlight depth: Int, from more: () throws -> Input?) async rethrows -> Output? {
        while inFlight < max(1, depth), let input = try more() { submit(input) }
        guard inFlight > 0 else { return nil }
        return await next()
    }

    /// The result of the oldest job not taken yet. Runs queued jobs itself while that result
    /// is not ready; waits only when every job left is running. One caller at a time, and
    /// only with a job in flight.
    public func next() async -> Output {
        precondition(inFlight > 0, "OrderedWorkPool.next() without a job in flight would never return")
        while true {
            let step = state.withLock { state -> Step in
                if let output = state.finished.removeValue(forKey: state.taken) {
                    state.taken += 1
                    return .ready(output)
                }
                guard !state.queued.isEmpty else { return .wait }
                let job = state.queued.removeFirst()
                return .run(sequence: job.sequence, input: job.input, scratch: state.idle.popLast())
            }
            switch step {
            case .ready(let output):
                return output
            case .run(let sequence, let input, let scratch):
                var box = scratch ?? ScratchBox(scratch: makeScratch())
                let output = work(input, &box.scratch)
                state.withLock { state in
                    state.idle.append(box)
                    state.finished[sequence] = output
                }
            case .wait:
                return await withCheckedContinuation { continuation in
                    let ready = state.withLock { state -> Output? in
                        if let output = state.finished.removeValue(forKey: state.taken) {
                            state.taken += 1
                            return output
                        }
                        state.waiter = (state.taken, continuation)
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
        }
    }
}
