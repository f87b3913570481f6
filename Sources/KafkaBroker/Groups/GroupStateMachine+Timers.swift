/// Timers: session expiry, the end of a join phase, the initial rebalance delay.
extension GroupStateMachine {
    /// A timer the machine scheduled is due. Stale firings (the timer was moved since) are
    /// ignored by comparing with the deadline the machine holds.
    public mutating func timerFired(_ timer: GroupTimer, now: GroupInstant) -> [GroupAction] {
        var actions: [GroupAction] = []
        switch timer {
        case .session(let memberID): sessionExpired(memberID, now: now, &actions)
        case .rebalance: rebalanceTimedOut(now: now, &actions)
        case .initialDelay: initialDelayEnded(now: now, &actions)
        }
        return actions
    }

    private mutating func sessionExpired(_ memberID: String, now: GroupInstant, _ actions: inout [GroupAction]) {
        if let deadline = pendingMembers[memberID] {
            guard deadline <= now else { return }
            removePendingMember(memberID, now: now, &actions)
            return
        }
        guard let index = index(of: memberID), let deadline = members[index].sessionDeadline, deadline <= now,
            !members[index].isAwaitingJoin, !members[index].isAwaitingSync
        else { return }
        removeMemberAndUpdateGroup(at: index, now: now, &actions)
    }

    /// A phase of the rebalance ran out of time. In the join phase: proceed with the members
    /// that rejoined. In the sync phase: drop the members that never sent SyncGroup (the
    /// leader among them, or the assignment would have arrived) and rebalance again.
    private mutating func rebalanceTimedOut(now: GroupInstant, _ actions: inout [GroupAction]) {
        guard initialDelay == nil, let deadline = rebalanceDeadline, deadline <= now else { return }
        switch state {
        case .preparingRebalance:
            completeJoin(now: now, &actions)
        case .completingRebalance:
            rebalanceDeadline = nil
            while let index = members.firstIndex(where: { !$0.isAwaitingSync }) {
                removeMember(at: index, &actions)
            }
            prepareRebalance(now: now, &actions)
            tryCompleteJoin(now: now, &actions)
        case .empty, .stable, .dead:
            rebalanceDeadline = nil
        }
    }

    /// Like Kafka's InitialDelayedJoin: while members keep arriving, wait another delay (up to
    /// the rebalance timeout); then complete if everyone is in, else wait for the rest until
    /// the rebalance timeout.
    private mutating func initialDelayEnded(now: GroupInstant, _ actions: inout [GroupAction]) {
        guard state == .preparingRebalance, let delay = initialDelay, delay.deadline <= now else { return }
        let end = delay.phaseStart + rebalanceTimeout
        if delay.newMemberAdded && now < end {
            let deadline = min(now + configuration.initialRebalanceDelay, end)
            initialDelay = InitialDelay(deadline: deadline, phaseStart: delay.phaseStart)
            actions.append(.scheduleTimer(.initialDelay, at: deadline))
            return
        }
        initialDelay = nil
        if now >= end {
            completeJoin(now: now, &actions)
            return
        }
        rebalanceDeadline = end
        actions.append(.scheduleTimer(.rebalance, at: end))
        tryCompleteJoin(now: now, &actions)
    }
}
