import Synchronization

/// Running a join or sync that may have to wait for the rest of its group.
extension GroupCoordinator {
    /// Runs `event` on the group and, when the machine says the caller waits, parks the
    /// caller until a `respond…` action for its member id (or shutdown, or cancellation).
    ///
    /// The continuation is registered under the same lock as the event, so a reply produced
    /// by this very event (the last member completing a join) finds it.
    func runAwaiting<R: Hashable & Sendable>(
        _ groupID: String, create: Bool,
        waiters: WritableKeyPath<State, [WaiterKey: Waiter<R>]> & Sendable,
        missingGroup: R, unavailable: R,
        _ event: @escaping (inout GroupStateMachine, GroupInstant) -> GroupTransition<GroupReply<R>>
    ) async -> R {
        let token = nextToken()
        let now = clock.now()
        let registered = Mutex<WaiterKey?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<R, Never>) in
                var resumptions: [Resumption] = []
                let timersChanged = state.withLock { s -> Bool in
                    if s.isShutDown || Task.isCancelled {
                        resumptions.append(.init(continuation, unavailable))
                        return false
                    }
                    guard let transition = s.run(groupID, create: create, on: self, { event(&$0, now) }) else {
                        resumptions.append(.init(continuation, missingGroup))
                        return false
                    }
                    switch transition.reply {
                    case .immediate(let result):
                        resumptions.append(.init(continuation, result))
                    case .awaiting(let memberID):
                        let key = WaiterKey(groupID: groupID, memberID: memberID)
                        // A member that repeats a request replaces its earlier one (whose
                        // connection is most likely gone); the old one is answered now.
                        if let old = s[keyPath: waiters].updateValue(Waiter(token: token, continuation: continuation), forKey: key) {
                            resumptions.append(.init(old.continuation, unavailable))
                        }
                        registered.withLock { $0 = key }
                    }
                    return s.perform(transition.actions, groupID: groupID, into: &resumptions)
                }
                for resumption in resumptions { resumption.resume() }
                if timersChanged { wake.signal() }
            }
        } onCancel: {
            // The request's connection went away: stop waiting. The member stays in the
            // machine; its session or the rebalance timeout deals with it.
            // Lock order as in the event (state, then `registered`): either the event has not
            // taken the lock yet and will see the cancellation, or the key is set.
            let waiter = state.withLock { s -> Waiter<R>? in
                guard let key = registered.withLock({ $0 }), s[keyPath: waiters][key]?.token == token else { return nil }
                return s[keyPath: waiters].removeValue(forKey: key)
            }
            waiter?.continuation.resume(returning: unavailable)
        }
    }

    /// Runs an event whose reply is immediate and performs its actions.
    func runImmediate<T: Sendable>(
        _ groupID: String, missingGroup: T, _ event: (inout GroupStateMachine, GroupInstant) -> GroupTransition<T>
    ) -> T {
        let now = clock.now()
        var resumptions: [Resumption] = []
        let (reply, timersChanged) = state.withLock { s -> (T, Bool) in
            guard let transition = s.run(groupID, create: false, on: self, { event(&$0, now) }) else {
                return (missingGroup, false)
            }
            return (transition.reply, s.perform(transition.actions, groupID: groupID, into: &resumptions))
        }
        for resumption in resumptions { resumption.resume() }
        if timersChanged { wake.signal() }
        return reply
    }
}
