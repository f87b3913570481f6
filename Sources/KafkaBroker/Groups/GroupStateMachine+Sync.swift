import KafkaProtocol
import NIOCore

/// SyncGroup.
extension GroupStateMachine {
    /// A member asks for its assignment. In CompletingRebalance every sync waits until the
    /// leader's arrives with the assignments, which releases them all; in Stable the member
    /// gets its current assignment at once.
    public mutating func sync(_ sync: GroupSync, now: GroupInstant) -> GroupTransition<GroupReply<SyncResult>> {
        var actions: [GroupAction] = []
        let reply = handleSync(sync, now: now, &actions)
        return GroupTransition(reply, actions)
    }

    private mutating func handleSync(_ sync: GroupSync, now: GroupInstant, _ actions: inout [GroupAction]) -> GroupReply<SyncResult> {
        let identity = sync.member
        if let error = validate(identity) { return .immediate(.error(error)) }
        if let type = sync.protocolType, type != protocolType { return .immediate(.error(.inconsistentGroupProtocol)) }
        if let name = sync.protocolName, name != protocolName { return .immediate(.error(.inconsistentGroupProtocol)) }
        guard let index = index(of: identity.memberID) else { return .immediate(.error(.unknownMemberID)) }
        switch state {
        case .empty: return .immediate(.error(.unknownMemberID))
        case .dead: return .immediate(.error(.coordinatorNotAvailable))
        case .preparingRebalance: return .immediate(.error(.rebalanceInProgress))
        case .stable:
            refreshSession(at: index, now: now, &actions)
            return .immediate(assignmentResult(at: index))
        case .completingRebalance:
            members[index].isAwaitingSync = true
            // Waiting for the leader keeps the member alive, as waiting in a join does.
            members[index].sessionDeadline = nil
            actions.append(.cancelTimer(.session(memberID: identity.memberID)))
            if identity.memberID == leaderID {
                completeSync(assignments: sync.assignments, now: now, &actions)
            }
            return .awaiting(memberID: identity.memberID)
        }
    }

    /// Stores the leader's assignment (members it left out get an empty one), enters Stable
    /// and answers every waiting sync.
    private mutating func completeSync(assignments: [String: ByteBuffer], now: GroupInstant, _ actions: inout [GroupAction]) {
        state = .stable
        if rebalanceDeadline != nil {
            rebalanceDeadline = nil
            actions.append(.cancelTimer(.rebalance))
        }
        for index in members.indices {
            members[index].assignment = assignments[members[index].memberID] ?? ByteBuffer()
            if members[index].isAwaitingSync {
                members[index].isAwaitingSync = false
                actions.append(.respondSync(memberID: members[index].memberID, assignmentResult(at: index)))
            }
            refreshSession(at: index, now: now, &actions)
        }
    }

    private func assignmentResult(at index: Int) -> SyncResult {
        SyncResult(errorCode: .none, protocolType: protocolType, protocolName: protocolName, assignment: members[index].assignment)
    }

    /// The member checks Kafka applies to SyncGroup, Heartbeat and OffsetCommit, in its order.
    func validate(_ identity: GroupMemberIdentity) -> KafkaErrorCode? {
        if state == .dead { return .coordinatorNotAvailable }
        if isFenced(memberID: identity.memberID, instanceID: identity.groupInstanceID) { return .fencedInstanceID }
        guard member(identity.memberID) != nil else { return .unknownMemberID }
        guard identity.generationID == generationID else { return .illegalGeneration }
        return nil
    }
}
