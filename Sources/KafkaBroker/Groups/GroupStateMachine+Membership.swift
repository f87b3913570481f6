import KafkaProtocol

/// Heartbeat, LeaveGroup and the member checks of OffsetCommit.
extension GroupStateMachine {
    /// A heartbeat keeps the session alive and tells the member whether it must rejoin
    /// (REBALANCE_IN_PROGRESS), the only way members of a Stable group learn of a rebalance.
    public mutating func heartbeat(_ identity: GroupMemberIdentity, now: GroupInstant) -> GroupTransition<KafkaErrorCode> {
        if let error = validate(identity) { return GroupTransition(error) }
        guard let index = index(of: identity.memberID) else { return GroupTransition(.unknownMemberID) }
        var actions: [GroupAction] = []
        switch state {
        case .empty: return GroupTransition(.unknownMemberID)
        case .dead: return GroupTransition(.coordinatorNotAvailable)
        case .preparingRebalance:
            if !members[index].isAwaitingJoin { refreshSession(at: index, now: now, &actions) }
            return GroupTransition(.rebalanceInProgress, actions)
        case .completingRebalance, .stable:
            // Members may heartbeat between their join response and their sync.
            if !members[index].isAwaitingSync { refreshSession(at: index, now: now, &actions) }
            return GroupTransition(.none, actions)
        }
    }

    /// Members leave (LeaveGroup v3+ names several, by member id or static instance id); the
    /// rest rebalance. One error code per leaving member, in order.
    public mutating func leave(_ leaving: [(memberID: String, groupInstanceID: String?)], now: GroupInstant) -> GroupTransition<[KafkaErrorCode]> {
        var actions: [GroupAction] = []
        let codes = leaving.map { leaveOne(memberID: $0.memberID, instanceID: $0.groupInstanceID, now: now, &actions) }
        return GroupTransition(codes, actions)
    }

    private mutating func leaveOne(memberID: String, instanceID: String?, now: GroupInstant, _ actions: inout [GroupAction]) -> KafkaErrorCode {
        if state == .dead { return .coordinatorNotAvailable }
        if let instanceID {
            guard let owner = staticMemberID(for: instanceID) else { return .unknownMemberID }
            if !memberID.isEmpty && memberID != owner { return .fencedInstanceID }
            guard let index = index(of: owner) else { return .unknownMemberID }
            removeMemberAndUpdateGroup(at: index, now: now, &actions)
            return .none
        }
        if pendingMembers[memberID] != nil {
            removePendingMember(memberID, now: now, &actions)
            return .none
        }
        guard let index = index(of: memberID) else { return .unknownMemberID }
        removeMemberAndUpdateGroup(at: index, now: now, &actions)
        return .none
    }

    /// Whether an OffsetCommit from this member may be stored. Generation -1 commits
    /// ("simple" consumers that assign partitions themselves) are accepted while the group has
    /// no active generation; otherwise the member and generation must be current. A commit
    /// during PreparingRebalance is still accepted (the member learns of the rebalance from
    /// its heartbeat), during CompletingRebalance it is REBALANCE_IN_PROGRESS, as in Kafka.
    public mutating func validateCommit(_ identity: GroupMemberIdentity, now: GroupInstant) -> GroupTransition<KafkaErrorCode> {
        if identity.generationID < 0 && state == .empty { return GroupTransition(.none) }
        if let error = validate(identity) { return GroupTransition(error) }
        guard let index = index(of: identity.memberID) else { return GroupTransition(.unknownMemberID) }
        switch state {
        case .completingRebalance: return GroupTransition(.rebalanceInProgress)
        case .empty: return GroupTransition(.unknownMemberID)
        case .dead: return GroupTransition(.coordinatorNotAvailable)
        case .stable, .preparingRebalance:
            var actions: [GroupAction] = []
            if !members[index].isAwaitingJoin && !members[index].isAwaitingSync { refreshSession(at: index, now: now, &actions) }
            return GroupTransition(.none, actions)
        }
    }
}
