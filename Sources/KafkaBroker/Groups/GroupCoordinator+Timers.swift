/// The coordinator's timers and its shutdown.
extension GroupCoordinator {
    /// Fires every timer whose deadline has passed on the injected clock, in deadline order.
    /// `runTimers()` calls this whenever it wakes; tests with a `ManualClock` may call it
    /// directly after `advance(by:)`.
    public func fireDueTimers() {
        let now = clock.now()
        var resumptions: [Resumption] = []
        state.withLock { s in
            let due = s.timers.filter { $0.value <= now }.sorted { $0.value < $1.value }
            for (key, _) in due {
                // An earlier firing in this round may have moved or cancelled this timer.
                guard let deadline = s.timers[key], deadline <= now else { continue }
                s.timers[key] = nil
                guard let before = s.groups[key.groupID] else { continue }
                var machine = before
                let actions = machine.timerFired(key.timer, now: now)
                s.groups[key.groupID] = machine.isVacant ? nil : machine
                logChange(key.groupID, from: before, to: machine)
                _ = s.perform(actions, groupID: key.groupID, into: &resumptions)
            }
        }
        for resumption in resumptions { resumption.resume() }
    }

    /// The earliest scheduled deadline, if any.
    public var nextDeadline: GroupInstant? {
        state.withLock { $0.timers.values.min() }
    }

    /// Sleeps until the next deadline, fires due timers, and repeats; a newly scheduled
    /// deadline wakes it early. Returns after `shutdown()` or when the task is cancelled.
    public func runTimers() async {
        while !Task.isCancelled && !state.withLock({ $0.isShutDown }) {
            fireDueTimers()
            let deadline = nextDeadline
            await withTaskGroup(of: Void.self) { group in
                if let deadline {
                    group.addTask { try? await self.clock.sleepUntil(deadline) }
                }
                group.addTask { await self.wake.wait() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Stops the coordinator: every waiting JoinGroup and SyncGroup is answered with
    /// COORDINATOR_NOT_AVAILABLE (clients look for the coordinator again), later ones get the
    /// same at once, and `runTimers()` returns. Committed offsets are already durable.
    public func shutdown() {
        let resumptions = state.withLock { s -> [Resumption] in
            s.isShutDown = true
            var resumptions: [Resumption] = []
            for waiter in s.joinWaiters.values { resumptions.append(.init(waiter.continuation, JoinResult.error(.coordinatorNotAvailable))) }
            for waiter in s.syncWaiters.values { resumptions.append(.init(waiter.continuation, SyncResult.error(.coordinatorNotAvailable))) }
            s.joinWaiters = [:]
            s.syncWaiters = [:]
            return resumptions
        }
        for resumption in resumptions { resumption.resume() }
        wake.signal()
    }
}
