import KafkaProtocol
import NIOCore

/// ListGroups, DescribeGroups and DeleteGroups.
extension GroupCoordinator {
    /// Every group with members or committed offsets; a group that only has offsets is
    /// listed as Empty with no protocol type, as in Kafka.
    public func listGroups(_ request: ListGroupsRequest, version: Int16) async -> ListGroupsResponse {
        var listed: [String: ListGroupsResponse.ListedGroup] = [:]
        for groupID in offsetStore.groups {
            listed[groupID] = .init(groupID: groupID, protocolType: "", groupState: GroupState.empty.name)
        }
        state.withLock { s in
            for (groupID, machine) in s.groups where machine.state != .dead {
                listed[groupID] = .init(groupID: groupID, protocolType: machine.protocolType ?? "", groupState: machine.state.name)
            }
        }
        let filter = version >= 4 ? Set(request.statesFilter.compactMap(GroupState.init(name:))) : []
        let unknownFilterOnly = version >= 4 && !request.statesFilter.isEmpty && filter.isEmpty
        let groups = listed.values
            .filter { group in
                guard !unknownFilterOnly else { return false }
                return filter.isEmpty || GroupState(name: group.groupState).map(filter.contains) == true
            }
            .sorted { $0.groupID < $1.groupID }
        return ListGroupsResponse(errorCode: KafkaErrorCode.none.rawValue, groups: groups)
    }

    /// Unknown groups are described as Dead without an error, as Kafka does. Member metadata
    /// and assignments are only shown in Stable, when they belong to the current generation.
    public func describeGroups(_ request: DescribeGroupsRequest, version: Int16) async -> DescribeGroupsResponse {
        let machines = state.withLock { s in request.groups.map { s.groups[$0] } }
        var described: [DescribeGroupsResponse.DescribedGroup] = []
        for (groupID, machine) in zip(request.groups, machines) {
            var group = Self.describe(groupID, machine)
            if machine == nil && !offsetStore.committedOffsets(group: groupID).isEmpty {
                group.groupState = GroupState.empty.name
            }
            if version >= 3 && request.includeAuthorizedOperations {
                // No ACLs: everything a group supports is allowed (READ, DELETE, DESCRIBE).
                group.authorizedOperations = (1 << 3) | (1 << 6) | (1 << 8)
            }
            described.append(group)
        }
        return DescribeGroupsResponse(groups: described)
    }

    static func describe(_ groupID: String, _ machine: GroupStateMachine?) -> DescribeGroupsResponse.DescribedGroup {
        guard let machine else {
            return .init(errorCode: KafkaErrorCode.none.rawValue, groupID: groupID, groupState: GroupState.dead.name)
        }
        let stable = machine.state == .stable
        return .init(
            errorCode: KafkaErrorCode.none.rawValue, groupID: groupID, groupState: machine.state.name,
            protocolType: machine.protocolType ?? "", protocolData: stable ? machine.protocolName ?? "" : "",
            members: machine.members.map { member in
                .init(
                    memberID: member.memberID, groupInstanceID: member.groupInstanceID,
                    clientID: member.clientID, clientHost: member.clientHost,
                    memberMetadata: stable ? member.metadata(for: machine.protocolName) : ByteBuffer(),
                    memberAssignment: stable ? member.assignment : ByteBuffer())
            })
    }

    /// Deletes empty groups and their committed offsets.
    public func deleteGroups(_ request: DeleteGroupsRequest, version: Int16) async -> DeleteGroupsResponse {
        DeleteGroupsResponse(results: request.groupsNames.map { .init(groupID: $0, errorCode: deleteGroup($0).rawValue) })
    }

    func deleteGroup(_ groupID: String) -> KafkaErrorCode {
        let outcome = state.withLock { s -> KafkaErrorCode? in
            guard let machine = s.groups[groupID] else { return nil }
            guard machine.isDeletable else { return .nonEmptyGroup }
            s.groups[groupID] = nil
            s.timers = s.timers.filter { $0.key.groupID != groupID }
            return KafkaErrorCode.none
        }
        if outcome == .nonEmptyGroup { return .nonEmptyGroup }
        let hasOffsets = !offsetStore.committedOffsets(group: groupID).isEmpty
        if outcome == nil && !hasOffsets { return .groupIDNotFound }
        do {
            try offsetStore.deleteGroup(groupID)
            return .none
        } catch {
            logger.error("could not delete the committed offsets of a group", metadata: ["group": "\(groupID)", "error": "\(error)"])
            return .kafkaStorageError
        }
    }
}
