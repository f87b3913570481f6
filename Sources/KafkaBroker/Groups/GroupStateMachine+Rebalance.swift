import NIOCore

/// The join phase of a rebalance: starting it, deciding when it is complete, and completing it.
extension GroupStateMachine {
    /// Adds a member that is joining now and makes sure a rebalance is under way.
    mutating func addMemberAndRebalance(_ memberID: String, _ join: GroupJoin, now: GroupInstant, _ actions: inout [GroupAction]) {
        if members.isEmpty { protocolType = join.protocolType }
        var member = GroupMember(memberID: memberID, join: join)
        member.isAwaitingJoin = true
        members.append(member)
        if leaderID == nil { leaderID = memberID }
        if state == .preparingRebalance { initialDelay?.newMemberAdded = true }
        maybePrepareRebalance(now: now, &actions)
        tryCompleteJoin(now: now, &actions)
    }

    /// A known member joins again, possibly with new protocols.
    mutating func updateMemberAndRebalance(at index: Int, _ join: GroupJoin, now: GroupInstant, _ actions: inout [GroupAction]) {
        if members.count == 1 { protocolType = join.protocolType }
        members[index].update(from: join)
        members[index].isAwaitingJoin = true
        // Waiting in a join keeps the member alive until the join phase ends.
        members[index].sessionDeadline = nil
        actions.append(.cancelTimer(.session(memberID: members[index].memberID)))
        maybePrepareRebalance(now: now, &actions)
        tryCompleteJoin(now: now, &actions)
    }

    mutating func maybePrepareRebalance(now: GroupInstant, _ actions: inout [GroupAction]) {
        switch state {
        case .empty, .stable, .completingRebalance: prepareRebalance(now: now, &actions)
        case .preparingRebalance, .dead: break
        }
    }

    /// Enters PreparingRebalance: every member must rejoin before the rebalance timeout.
    mutating func prepareRebalance(now: GroupInstant, _ actions: inout [GroupAction]) {
        if state == .completingRebalance {
            // The assignment being computed is for a membership that no longer exists.
            for index in members.indices {
                members[index].assignment = ByteBuffer()
                guard members[index].isAwaitingSync else { continue }
                members[index].isAwaitingSync = false
                actions.append(.respondSync(memberID: members[index].memberID, .error(.rebalanceInProgress)))
            }
        }
        let wasEmpty = state == .empty
        state = .preparingRebalance
        if wasEmpty && configuration.initialRebalanceDelay > .zero {
            let deadline = now + min(configuration.initialRebalanceDelay, rebalanceTimeout)
            initialDelay = InitialDelay(deadline: deadline, phaseStart: now)
            actions.append(.scheduleTimer(.initialDelay, at: deadline))
        } else {
            let deadline = now + rebalanceTimeout
            rebalanceDeadline = deadline
            actions.append(.scheduleTimer(.rebalance, at: deadline))
        }
    }

    /// Completes the join phase as soon as nobody is left to wait for: every member has
    /// rejoined and every member id handed out with MEMBER_ID_REQUIRED came back. This is
    /// what lets the first join of an empty group finish at once instead of after a timeout.
    mutating func tryCompleteJoin(now: GroupInstant, _ actions: inout [GroupAction]) {
        guard state == .preparingRebalance, initialDelay == nil else { return }
        guard members.allSatisfy(\.isAwaitingJoin), pendingMembers.isEmpty else { return }
        completeJoin(now: now, &actions)
    }

    /// Ends the join phase: drops members that did not rejoin, starts the next generation
    /// and answers every waiting join.
    mutating func completeJoin(now: GroupInstant, _ actions: inout [GroupAction]) {
        if rebalanceDeadline != nil { actions.append(.cancelTimer(.rebalance)) }
        if initialDelay != nil { actions.append(.cancelTimer(.initialDelay)) }
        rebalanceDeadline = nil
        initialDelay = nil
        while let index = members.firstIndex(where: { !$0.isAwaitingJoin }) {
            removeMember(at: index, &actions)
        }
        generationID &+= 1
        guard !members.isEmpty else {
            state = .empty
            protocolName = nil
            leaderID = nil
            return
        }
        protocolName = selectProtocol()
        state = .completingRebalance
        if leaderID.map({ member($0) == nil }) ?? true { leaderID = members.first?.memberID }
        for index in members.indices {
            members[index].isAwaitingJoin = false
            let memberID = members[index].memberID
            actions.append(.respondJoin(memberID: memberID, currentGenerationResult(for: memberID)))
            refreshSession(at: index, now: now, &actions)
        }
        // The sync phase gets the same bound as the join phase, so a member that joined but
        // never syncs cannot strand the others waiting for the leader (Kafka 3.x does this too).
        let deadline = now + rebalanceTimeout
        rebalanceDeadline = deadline
        actions.append(.scheduleTimer(.rebalance, at: deadline))
    }

    /// Picks the protocol every member supports that most members prefer; ties go to the
    /// leader's order of preference. `supports(…)` on every join keeps one candidate.
    func selectProtocol() -> String? {
        let reference = member(leaderID ?? "") ?? members.first
        let candidates = (reference?.protocols ?? []).map(\.name).filter { name in members.allSatisfy { $0.supports(name) } }
        var votes: [String: Int] = [:]
        for member in members {
            if let choice = member.protocols.first(where: { candidates.contains($0.name) }) {
                votes[choice.name, default: 0] += 1
            }
        }
        let best = votes.values.max() ?? 0
        return candidates.first { votes[$0, default: 0] == best }
    }
}
