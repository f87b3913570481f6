/// An injected `Clock<Duration>` seen as "time since this object was made", so that state
/// machines can store plain `Duration`s as instants and tests can drive them with a
/// ManualClock.
struct ElapsedClock: Sendable {
    let now: @Sendable () -> Duration
    let sleepUntil: @Sendable (Duration) async throws -> Void
    let clock: any Clock<Duration>

    init<C: Clock<Duration>>(_ clock: C) {
        let start = clock.now
        self.clock = clock
        now = { start.duration(to: clock.now) }
        sleepUntil = { offset in try await clock.sleep(until: start.advanced(by: offset), tolerance: nil) }
    }
}

/// A wake-up flag one task waits on and others raise, with a deadline. Raising it while no one
/// waits is remembered, so a wake-up between "found nothing to do" and "wait" is not lost.
final class Wakeup: Sendable {
    private struct State {
        var raised = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func raise() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.raised = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when raised, when `deadline` passes (nil: no deadline), or on cancellation.
    func wait(until deadline: Duration?, clock: ElapsedClock) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitRaised() }
            if let deadline {
                group.addTask { try? await clock.sleepUntil(deadline) }
            }
            await group.next()
            group.cancelAll()
            self.raise()  // releases waitRaised if the deadline won
            await group.waitForAll()
        }
        state.withLock { $0.raised = false }
    }

    private func waitRaised() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.raised {
                        state.raised = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.raise()
        }
    }
}

import Synchronization
