import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import TestSupport
import Testing

@testable import KafkaBroker

/// OffsetCommit and OffsetFetch: member checks, storage in LogStore, every fetch shape.
@Suite struct OffsetCommitTests {
    typealias H = CoordinatorHarness

    static func commit(
        group: String = "g", generation: Int32 = -1, member: String = "",
        _ offsets: [(topic: String, partition: Int32, offset: Int64)], metadata: String? = "m"
    ) -> OffsetCommitRequest {
        let topics = Dictionary(grouping: offsets, by: \.topic).sorted { $0.key < $1.key }.map { name, entries in
            OffsetCommitRequest.OffsetCommitRequestTopic(
                name: name,
                partitions: entries.map { .init(partitionIndex: $0.partition, committedOffset: $0.offset, committedLeaderEpoch: 4, committedMetadata: metadata) })
        }
        return OffsetCommitRequest(groupID: group, generationIDOrMemberEpoch: generation, memberID: member, topics: topics)
    }

    static func codes(_ response: OffsetCommitResponse) -> [Int16] {
        response.topics.flatMap { $0.partitions.map(\.errorCode) }
    }

    @Test func simpleCommitThenFetchEveryShape() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        harness.clock.advance(by: .seconds(5))
        let committed = await coordinator.offsetCommit(Self.commit([("a", 0, 10), ("a", 1, 11), ("b", 0, 20)]), version: 2)
        #expect(Self.codes(committed) == [0, 0, 0])
        let stored = try #require(harness.store.consumerOffsets.committed(group: "g", topic: "a", partition: 1))
        #expect(stored.offset == Offset(11))
        #expect(stored.leaderEpoch == 4)
        #expect(stored.metadata == "m")
        #expect(stored.commitTimestamp == harness.clock.wallTime())

        // v1: named partitions; a partition without a commit answers -1.
        let named = await coordinator.offsetFetch(
            OffsetFetchRequest(groupID: "g", topics: [.init(name: "a", partitionIndexes: [0, 1, 2])]), version: 1)
        #expect(named.topics.first?.partitions.map(\.committedOffset) == [10, 11, -1])
        #expect(named.topics.first?.partitions.map(\.errorCode) == [0, 0, 0])
        #expect(named.topics.first?.partitions.last?.metadata == "")

        // v7: null topics = everything the group committed.
        let all = await coordinator.offsetFetch(OffsetFetchRequest(groupID: "g", topics: nil), version: 7)
        #expect(all.errorCode == 0)
        #expect(all.topics.map(\.name) == ["a", "b"])
        #expect(all.topics.map { $0.partitions.map(\.committedOffset) } == [[10, 11], [20]])
        #expect(all.topics.first?.partitions.first?.committedLeaderEpoch == 4)

        // v8: several groups at once, one of them unknown.
        let multi = await coordinator.offsetFetch(
            OffsetFetchRequest(groups: [.init(groupID: "g", topics: [.init(name: "b", partitionIndexes: [0])]), .init(groupID: "other", topics: nil)]),
            version: 8)
        #expect(multi.groups.map(\.groupID) == ["g", "other"])
        #expect(multi.groups.first?.topics.first?.partitions.first?.committedOffset == 20)
        #expect(multi.groups.last?.topics.isEmpty == true)
        #expect(multi.groups.allSatisfy { $0.errorCode == 0 })
    }

    @Test func commitsFromGroupMembersAreChecked() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        let (member, generation) = try await harness.joinAndSyncAlone()

        let ok = await coordinator.offsetCommit(Self.commit(generation: generation, member: member, [("t", 0, 5)]), version: 8)
        #expect(Self.codes(ok) == [0])
        let stale = await coordinator.offsetCommit(Self.commit(generation: generation - 1, member: member, [("t", 0, 6)]), version: 8)
        #expect(Self.codes(stale) == [KafkaErrorCode.illegalGeneration.rawValue])
        let stranger = await coordinator.offsetCommit(Self.commit(generation: generation, member: "stranger", [("t", 0, 6)]), version: 8)
        #expect(Self.codes(stranger) == [KafkaErrorCode.unknownMemberID.rawValue])
        // A group with an active generation refuses "simple" commits.
        let simple = await coordinator.offsetCommit(Self.commit([("t", 0, 6)]), version: 8)
        #expect(Self.codes(simple) == [KafkaErrorCode.unknownMemberID.rawValue])
        // Unknown group with a generation: a leftover of a group that is gone.
        let gone = await coordinator.offsetCommit(Self.commit(group: "gone", generation: 3, member: "x", [("t", 0, 6)]), version: 8)
        #expect(Self.codes(gone) == [KafkaErrorCode.illegalGeneration.rawValue])
        #expect(harness.store.consumerOffsets.committed(group: "g", topic: "t", partition: 0)?.offset == Offset(5))

        // A join phase in progress still accepts the current generation's commits.
        try await withDeadline {
            async let newcomer = coordinator.joinGroup(H.joinRequest(), version: 3)
            try await eventually { coordinator.group("g")?.state == .preparingRebalance }
            let during = await coordinator.offsetCommit(Self.commit(generation: generation, member: member, [("t", 0, 7)]), version: 8)
            #expect(Self.codes(during) == [0])
            _ = await coordinator.joinGroup(H.joinRequest(memberID: member), version: 3)
            #expect(await newcomer.generationID == generation + 1)
        }
    }

    @Test func commitDuringCompletingRebalanceIsRefused() async throws {
        var configuration = GroupCoordinatorConfiguration()
        configuration.initialRebalanceDelay = .zero
        let harness = try H(configuration: configuration)
        defer { harness.close() }
        let coordinator = harness.coordinator
        let joined = await coordinator.joinGroup(H.joinRequest(), version: 3)
        #expect(coordinator.group("g")?.state == .completingRebalance)
        let refused = await coordinator.offsetCommit(Self.commit(generation: joined.generationID, member: joined.memberID, [("t", 0, 1)]), version: 5)
        #expect(Self.codes(refused) == [KafkaErrorCode.rebalanceInProgress.rawValue])
    }

    @Test func oversizedMetadataIsRefusedPerPartition() async throws {
        var configuration = GroupCoordinatorConfiguration()
        configuration.maxOffsetMetadataBytes = 8
        let harness = try H(configuration: configuration)
        defer { harness.close() }
        var request = Self.commit([("t", 0, 1), ("t", 1, 2)])
        request.topics[0].partitions[1].committedMetadata = String(repeating: "x", count: 9)
        let response = await harness.coordinator.offsetCommit(request, version: 3)
        #expect(Self.codes(response) == [0, KafkaErrorCode.offsetMetadataTooLarge.rawValue])
        #expect(harness.store.consumerOffsets.committed(group: "g", topic: "t", partition: 1) == nil)
    }

    @Test func committedOffsetsSurviveARestart() async throws {
        let directory = try TemporaryDirectory(prefix: "rivulet-groups")
        defer { directory.remove() }
        do {
            let harness = try H(directory: directory)
            let (member, generation) = try await harness.joinAndSyncAlone()
            let response = await harness.coordinator.offsetCommit(Self.commit(generation: generation, member: member, [("t", 2, 42)]), version: 8)
            #expect(Self.codes(response) == [0])
            try harness.store.close()
        }
        let reopened = try H(directory: directory)
        defer { try? reopened.store.close() }
        let fetched = await reopened.coordinator.offsetFetch(OffsetFetchRequest(groupID: "g", topics: nil), version: 6)
        #expect(fetched.topics.first?.name == "t")
        #expect(fetched.topics.first?.partitions.first?.partitionIndex == 2)
        #expect(fetched.topics.first?.partitions.first?.committedOffset == 42)
        // The group's membership did not survive (as in Kafka, members rejoin); its offsets did.
        let listed = await reopened.coordinator.listGroups(ListGroupsRequest(), version: 4)
        #expect(listed.groups.map(\.groupState) == ["Empty"])
    }
}
