import KafkaProtocol
import NIOCore

/// JoinGroup, SyncGroup, Heartbeat and LeaveGroup: version handling around the machines.
extension GroupCoordinator {
    public func joinGroup(_ request: JoinGroupRequest, version: Int16) async -> JoinGroupResponse {
        guard !request.groupID.isEmpty else { return Self.joinResponse(.error(.invalidGroupID, memberID: request.memberID), version) }
        let context = GroupRequestContext.current
        let sessionTimeout = Duration.milliseconds(request.sessionTimeoutMs)
        // v0 has no rebalance timeout; Kafka uses the session timeout instead.
        let rebalanceTimeout = version >= 1 && request.rebalanceTimeoutMs > 0 ? Duration.milliseconds(request.rebalanceTimeoutMs) : sessionTimeout
        let join = GroupJoin(
            memberID: request.memberID, groupInstanceID: version >= 5 ? request.groupInstanceID : nil,
            clientID: context.clientID, clientHost: context.clientHost,
            sessionTimeout: sessionTimeout, rebalanceTimeout: rebalanceTimeout,
            protocolType: request.protocolType,
            protocols: request.protocols.map { GroupProtocol(name: $0.name, metadata: $0.metadata) },
            requiresKnownMemberID: version >= 4, newMemberID: request.memberID.isEmpty ? newMemberID() : "")
        let result = await runAwaiting(
            request.groupID, create: true, waiters: \.joinWaiters,
            missingGroup: .error(.unknownMemberID, memberID: request.memberID),
            unavailable: .error(.coordinatorNotAvailable, memberID: request.memberID)
        ) { machine, now in machine.join(join, now: now) }
        return Self.joinResponse(result, version)
    }

    static func joinResponse(_ result: JoinResult, _ version: Int16) -> JoinGroupResponse {
        JoinGroupResponse(
            errorCode: result.errorCode.rawValue, generationID: result.generationID,
            protocolType: result.protocolType,
            // Nullable only from v7; older clients get an empty string.
            protocolName: version >= 7 ? result.protocolName : (result.protocolName ?? ""),
            leader: result.leaderID, memberID: result.memberID,
            members: result.members.map {
                .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, metadata: $0.metadata)
            })
    }

    public func syncGroup(_ request: SyncGroupRequest, version: Int16) async -> SyncGroupResponse {
        guard !request.groupID.isEmpty else { return Self.syncResponse(.error(.invalidGroupID)) }
        var assignments: [String: ByteBuffer] = [:]
        for entry in request.assignments { assignments[entry.memberID] = entry.assignment }
        let sync = GroupSync(
            member: GroupMemberIdentity(
                memberID: request.memberID, generationID: request.generationID,
                groupInstanceID: version >= 3 ? request.groupInstanceID : nil),
            protocolType: version >= 5 ? request.protocolType : nil,
            protocolName: version >= 5 ? request.protocolName : nil,
            assignments: assignments)
        let result = await runAwaiting(
            request.groupID, create: false, waiters: \.syncWaiters,
            missingGroup: .error(.unknownMemberID), unavailable: .error(.coordinatorNotAvailable)
        ) { machine, now in machine.sync(sync, now: now) }
        return Self.syncResponse(result)
    }

    static func syncResponse(_ result: SyncResult) -> SyncGroupResponse {
        SyncGroupResponse(
            errorCode: result.errorCode.rawValue, protocolType: result.protocolType, protocolName: result.protocolName,
            assignment: result.assignment)
    }

    public func heartbeat(_ request: HeartbeatRequest, version: Int16) async -> HeartbeatResponse {
        guard !request.groupID.isEmpty else { return HeartbeatResponse(errorCode: KafkaErrorCode.invalidGroupID.rawValue) }
        let identity = GroupMemberIdentity(
            memberID: request.memberID, generationID: request.generationID,
            groupInstanceID: version >= 3 ? request.groupInstanceID : nil)
        let code = runImmediate(request.groupID, missingGroup: KafkaErrorCode.unknownMemberID) { machine, now in
            machine.heartbeat(identity, now: now)
        }
        return HeartbeatResponse(errorCode: code.rawValue)
    }

    public func leaveGroup(_ request: LeaveGroupRequest, version: Int16) async -> LeaveGroupResponse {
        // v0-2 name one member; v3+ a batch, possibly by static instance id.
        let leaving: [(memberID: String, groupInstanceID: String?)] =
            version >= 3 ? request.members.map { ($0.memberID, $0.groupInstanceID) } : [(request.memberID, nil)]
        guard !request.groupID.isEmpty else { return LeaveGroupResponse(errorCode: KafkaErrorCode.invalidGroupID.rawValue) }
        let codes = runImmediate(request.groupID, missingGroup: leaving.map { _ in KafkaErrorCode.unknownMemberID }) { machine, now in
            machine.leave(leaving, now: now)
        }
        guard version >= 3 else { return LeaveGroupResponse(errorCode: (codes.first ?? .none).rawValue) }
        return LeaveGroupResponse(
            errorCode: KafkaErrorCode.none.rawValue,
            members: zip(leaving, codes).map { member, code in
                .init(memberID: member.memberID, groupInstanceID: member.groupInstanceID, errorCode: code.rawValue)
            })
    }
}
