import KafkaProtocol
import LogStore
import NIOCore
import TestSupport
import Testing

@testable import KafkaBroker

/// ListGroups, DescribeGroups and DeleteGroups.
@Suite struct GroupAdminTests {
    typealias H = CoordinatorHarness

    /// "active" has a Stable member; "offsets-only" has nothing but a simple commit.
    static func populated() async throws -> H {
        let harness = try H()
        _ = try await harness.joinAndSyncAlone(group: "active")
        let commit = await harness.coordinator.offsetCommit(
            OffsetCommitRequest(groupID: "offsets-only", topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 3)])]),
            version: 2)
        #expect(commit.topics.first?.partitions.first?.errorCode == 0)
        return harness
    }

    @Test func listShowsMembersAndOffsetOnlyGroupsWithStateFilter() async throws {
        let harness = try await Self.populated()
        defer { harness.close() }
        let coordinator = harness.coordinator
        let all = await coordinator.listGroups(ListGroupsRequest(), version: 4)
        #expect(all.errorCode == 0)
        #expect(all.groups.map(\.groupID) == ["active", "offsets-only"])
        #expect(all.groups.map(\.groupState) == ["Stable", "Empty"])
        #expect(all.groups.map(\.protocolType) == ["consumer", ""])

        let stable = await coordinator.listGroups(ListGroupsRequest(statesFilter: ["stable"]), version: 4)
        #expect(stable.groups.map(\.groupID) == ["active"])
        let empty = await coordinator.listGroups(ListGroupsRequest(statesFilter: ["Empty", "Dead"]), version: 4)
        #expect(empty.groups.map(\.groupID) == ["offsets-only"])
        let nonsense = await coordinator.listGroups(ListGroupsRequest(statesFilter: ["Sleepy"]), version: 4)
        #expect(nonsense.groups.isEmpty)
        // Before v4 there is no filter.
        let old = await coordinator.listGroups(ListGroupsRequest(statesFilter: ["stable"]), version: 3)
        #expect(old.groups.count == 2)
    }

    @Test func describeReportsStatesMembersAndUnknownGroupsAsDead() async throws {
        let harness = try await Self.populated()
        defer { harness.close() }
        let described = await harness.coordinator.describeGroups(
            DescribeGroupsRequest(groups: ["active", "offsets-only", "never-seen"], includeAuthorizedOperations: true), version: 3)
        #expect(described.groups.map(\.groupState) == ["Stable", "Empty", "Dead"])
        #expect(described.groups.allSatisfy { $0.errorCode == 0 })
        let active = try #require(described.groups.first)
        #expect(active.protocolType == "consumer")
        #expect(active.protocolData == "range")
        #expect(active.members.first?.memberAssignment == ByteBuffer(string: "all"))
        #expect(active.members.first?.memberMetadata == ByteBuffer(string: "range-subscription"))
        #expect(active.authorizedOperations != Int32.min)
    }

    @Test func describeHidesAssignmentsWhileRebalancing() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        _ = try await harness.joinAndSyncAlone()
        try await withDeadline {
            async let newcomer = coordinator.joinGroup(H.joinRequest(), version: 3)
            try await eventually { coordinator.group("g")?.state == .preparingRebalance }
            let described = await coordinator.describeGroups(DescribeGroupsRequest(groups: ["g"]), version: 5)
            #expect(described.groups.first?.groupState == "PreparingRebalance")
            #expect(described.groups.first?.protocolData == "")
            #expect(described.groups.first?.members.allSatisfy { $0.memberAssignment.readableBytes == 0 } == true)
            coordinator.shutdown()
            _ = await newcomer
        }
    }

    @Test func deleteGroups() async throws {
        let harness = try await Self.populated()
        defer { harness.close() }
        let coordinator = harness.coordinator
        let response = await coordinator.deleteGroups(DeleteGroupsRequest(groupsNames: ["active", "offsets-only", "never-seen"]), version: 2)
        #expect(response.results.map(\.groupID) == ["active", "offsets-only", "never-seen"])
        #expect(response.results.map(\.errorCode) == [
            KafkaErrorCode.nonEmptyGroup.rawValue, 0, KafkaErrorCode.groupIDNotFound.rawValue,
        ])
        #expect(harness.store.consumerOffsets.committedOffsets(group: "offsets-only").isEmpty)
        let listed = await coordinator.listGroups(ListGroupsRequest(), version: 4)
        #expect(listed.groups.map(\.groupID) == ["active"])

        // Once its last member leaves, the group (and its offsets) can go.
        let member = try #require(coordinator.group("active")?.members.first?.memberID)
        _ = await coordinator.offsetCommit(
            OffsetCommitRequest(groupID: "active", generationIDOrMemberEpoch: 1, memberID: member,
                                topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 9)])]),
            version: 8)
        _ = await coordinator.leaveGroup(LeaveGroupRequest(groupID: "active", members: [.init(memberID: member)]), version: 4)
        let again = await coordinator.deleteGroups(DeleteGroupsRequest(groupsNames: ["active"]), version: 2)
        #expect(again.results.map(\.errorCode) == [0])
        #expect(coordinator.group("active") == nil)
        #expect(harness.store.consumerOffsets.committedOffsets(group: "active").isEmpty)
        let described = await coordinator.describeGroups(DescribeGroupsRequest(groups: ["active"]), version: 5)
        #expect(described.groups.first?.groupState == "Dead")
    }
}
