import KafkaProtocol

/// The seam between the request router and the group coordinator: every consumer-group
/// API and the offset APIs. The router decodes a request, calls one of these and encodes
/// the result; the coordinator owns membership, generations, timeouts and committed
/// offsets. Methods suspend while a join or sync waits for the rest of the group.
public protocol GroupAPIHandling: Sendable {
    func joinGroup(_ request: JoinGroupRequest, version: Int16) async -> JoinGroupResponse
    func syncGroup(_ request: SyncGroupRequest, version: Int16) async -> SyncGroupResponse
    func heartbeat(_ request: HeartbeatRequest, version: Int16) async -> HeartbeatResponse
    func leaveGroup(_ request: LeaveGroupRequest, version: Int16) async -> LeaveGroupResponse
    func listGroups(_ request: ListGroupsRequest, version: Int16) async -> ListGroupsResponse
    func describeGroups(_ request: DescribeGroupsRequest, version: Int16) async -> DescribeGroupsResponse
    func deleteGroups(_ request: DeleteGroupsRequest, version: Int16) async -> DeleteGroupsResponse
    func offsetCommit(_ request: OffsetCommitRequest, version: Int16) async -> OffsetCommitResponse
    func offsetFetch(_ request: OffsetFetchRequest, version: Int16) async -> OffsetFetchResponse
}
