import KafkaProtocol

/// JoinGroup.
extension GroupStateMachine {
    /// A member (re)joins. The reply is immediate for errors, for MEMBER_ID_REQUIRED and for a
    /// rejoin that changes nothing; otherwise the join waits for the join phase to complete
    /// and is answered by a `.respondJoin` action.
    public mutating func join(_ join: GroupJoin, now: GroupInstant) -> GroupTransition<GroupReply<JoinResult>> {
        if state == .dead {
            return GroupTransition(.immediate(.error(.coordinatorNotAvailable, memberID: join.memberID)))
        }
        guard join.sessionTimeout >= configuration.minSessionTimeout, join.sessionTimeout <= configuration.maxSessionTimeout else {
            return GroupTransition(.immediate(.error(.invalidSessionTimeout, memberID: join.memberID)))
        }
        var actions: [GroupAction] = []
        let reply = join.memberID.isEmpty
            ? joinNewMember(join, now: now, &actions)
            : joinKnownMember(join, now: now, &actions)
        return GroupTransition(reply, actions)
    }

    private mutating func joinNewMember(_ join: GroupJoin, now: GroupInstant, _ actions: inout [GroupAction]) -> GroupReply<JoinResult> {
        if let instanceID = join.groupInstanceID, let existing = staticMemberID(for: instanceID) {
            guard supports(protocolType: join.protocolType, protocols: join.protocols, excluding: existing) else {
                return .immediate(.error(.inconsistentGroupProtocol))
            }
            return replaceStaticMember(existing, join, now: now, &actions)
        }
        guard supports(protocolType: join.protocolType, protocols: join.protocols, excluding: nil) else {
            return .immediate(.error(.inconsistentGroupProtocol))
        }
        let memberID = join.newMemberID
        if join.requiresKnownMemberID && join.groupInstanceID == nil {
            // The member exists only once it comes back with this id; until then it holds up
            // a join phase for at most its session timeout.
            let deadline = now + join.sessionTimeout
            pendingMembers[memberID] = deadline
            actions.append(.scheduleTimer(.session(memberID: memberID), at: deadline))
            return .immediate(.error(.memberIDRequired, memberID: memberID))
        }
        addMemberAndRebalance(memberID, join, now: now, &actions)
        return .awaiting(memberID: memberID)
    }

    private mutating func joinKnownMember(_ join: GroupJoin, now: GroupInstant, _ actions: inout [GroupAction]) -> GroupReply<JoinResult> {
        let memberID = join.memberID
        if pendingMembers[memberID] != nil {
            guard supports(protocolType: join.protocolType, protocols: join.protocols, excluding: nil) else {
                return .immediate(.error(.inconsistentGroupProtocol, memberID: memberID))
            }
            pendingMembers[memberID] = nil
            actions.append(.cancelTimer(.session(memberID: memberID)))
            addMemberAndRebalance(memberID, join, now: now, &actions)
            return .awaiting(memberID: memberID)
        }
        if isFenced(memberID: memberID, instanceID: join.groupInstanceID) {
            return .immediate(.error(.fencedInstanceID, memberID: memberID))
        }
        guard let index = index(of: memberID), state != .empty else {
            return .immediate(.error(.unknownMemberID, memberID: memberID))
        }
        guard supports(protocolType: join.protocolType, protocols: join.protocols, excluding: memberID) else {
            return .immediate(.error(.inconsistentGroupProtocol, memberID: memberID))
        }
        let unchanged = members[index].matches(join.protocols)
        switch state {
        case .completingRebalance where unchanged, .stable where unchanged && memberID != leaderID:
            // A retried join (e.g. the response was lost): hand out the generation again.
            refreshSession(at: index, now: now, &actions)
            return .immediate(currentGenerationResult(for: memberID))
        default:
            updateMemberAndRebalance(at: index, join, now: now, &actions)
            return .awaiting(memberID: memberID)
        }
    }

    /// A static member restarted: the new process takes over the slot (and the assignment)
    /// under a new member id, and the old id is fenced. In a Stable group with unchanged
    /// protocols nobody else has to rebalance.
    private mutating func replaceStaticMember(_ oldID: String, _ join: GroupJoin, now: GroupInstant, _ actions: inout [GroupAction]) -> GroupReply<JoinResult> {
        guard let index = index(of: oldID) else { return .immediate(.error(.unknownMemberID)) }
        let newID = join.newMemberID
        let old = members[index]
        if old.isAwaitingJoin { actions.append(.respondJoin(memberID: oldID, .error(.fencedInstanceID, memberID: oldID))) }
        if old.isAwaitingSync { actions.append(.respondSync(memberID: oldID, .error(.fencedInstanceID))) }
        actions.append(.cancelTimer(.session(memberID: oldID)))
        members[index].memberID = newID
        members[index].isAwaitingJoin = false
        members[index].isAwaitingSync = false
        members[index].sessionDeadline = nil
        if leaderID == oldID { leaderID = newID }
        if state == .stable && old.matches(join.protocols) && leaderID != newID {
            members[index].update(from: join)
            refreshSession(at: index, now: now, &actions)
            return .immediate(currentGenerationResult(for: newID))
        }
        // In CompletingRebalance the leader may be assigning to the old id, so rebalance.
        updateMemberAndRebalance(at: index, join, now: now, &actions)
        return .awaiting(memberID: newID)
    }
}
