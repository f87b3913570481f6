import KafkaProtocol
import NIOCore
import TestSupport
import Testing

@testable import KafkaBroker

/// Every response the coordinator builds must encode and decode in every version the router
/// may negotiate (e.g. JoinGroup's protocol name is nullable only from v7).
@Suite struct GroupWireTests {
    typealias H = CoordinatorHarness

    func roundTrip<M: KafkaMessage & Equatable>(_ message: M, version: Int16) throws -> M {
        var buffer = ByteBuffer()
        message.encode(into: &buffer, version: version)
        let decoded = try M.decode(from: &buffer, version: version)
        #expect(buffer.readableBytes == 0)
        return decoded
    }

    @Test func joinAndSyncResponsesInEveryVersion() async throws {
        for version in Int16(0)...9 {
            let harness = try H()
            defer { harness.close() }
            let error = await harness.coordinator.joinGroup(H.joinRequest(memberID: "ghost"), version: version)
            #expect(try roundTrip(error, version: version).errorCode == KafkaErrorCode.unknownMemberID.rawValue)
            var joined = await harness.coordinator.joinGroup(H.joinRequest(), version: version)
            if joined.errorCode == KafkaErrorCode.memberIDRequired.rawValue {
                #expect(try roundTrip(joined, version: version).memberID == joined.memberID)
                joined = await harness.coordinator.joinGroup(H.joinRequest(memberID: joined.memberID), version: version)
            }
            let decoded = try roundTrip(joined, version: version)
            #expect(decoded.errorCode == 0)
            #expect(decoded.protocolName == "range")
            #expect(decoded.members.count == 1)
            #expect(decoded.generationID == 1)

            let syncVersion = min(version, 5)
            let synced = await harness.coordinator.syncGroup(
                SyncGroupRequest(groupID: "g", generationID: 1, memberID: joined.memberID,
                                 assignments: [.init(memberID: joined.memberID, assignment: ByteBuffer(string: "x"))]),
                version: syncVersion)
            #expect(try roundTrip(synced, version: syncVersion).assignment == ByteBuffer(string: "x"))

            let leaveVersion = min(version, 5)
            let left = await harness.coordinator.leaveGroup(
                LeaveGroupRequest(groupID: "g", memberID: joined.memberID, members: [.init(memberID: joined.memberID)]),
                version: leaveVersion)
            #expect(try roundTrip(left, version: leaveVersion).errorCode == 0)
        }
    }

    @Test func adminAndOffsetResponsesInEveryVersion() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        _ = try await harness.joinAndSyncAlone()
        for version in Int16(0)...8 {
            let commit = await coordinator.offsetCommit(
                OffsetCommitRequest(groupID: "simple", topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 5)])]),
                version: version)
            #expect(try roundTrip(commit, version: version).topics.first?.partitions.first?.errorCode == 0)
            let fetch = await coordinator.offsetFetch(
                OffsetFetchRequest(groupID: "simple", topics: [.init(name: "t", partitionIndexes: [0])],
                                   groups: [.init(groupID: "simple", topics: nil)]),
                version: version)
            let decoded = try roundTrip(fetch, version: version)
            let offset = version >= 8 ? decoded.groups.first?.topics.first?.partitions.first?.committedOffset
                : decoded.topics.first?.partitions.first?.committedOffset
            #expect(offset == 5)
        }
        for version in Int16(0)...4 {
            let listed = await coordinator.listGroups(ListGroupsRequest(), version: version)
            #expect(try roundTrip(listed, version: version).groups.count == 2)
        }
        for version in Int16(0)...5 {
            let described = await coordinator.describeGroups(DescribeGroupsRequest(groups: ["g", "simple", "none"]), version: version)
            #expect(try roundTrip(described, version: version).groups.map(\.groupState) == ["Stable", "Empty", "Dead"])
        }
        for version in Int16(0)...2 {
            let deleted = await coordinator.deleteGroups(DeleteGroupsRequest(groupsNames: ["none"]), version: version)
            #expect(try roundTrip(deleted, version: version).results.first?.errorCode == KafkaErrorCode.groupIDNotFound.rawValue)
        }
    }
}
