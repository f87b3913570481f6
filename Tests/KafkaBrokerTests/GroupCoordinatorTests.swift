import KafkaProtocol
import NIOCore
import TestSupport
import Testing

@testable import KafkaBroker

/// The coordinator through the `GroupAPIHandling` surface: waiting joins and syncs, versions,
/// the timer loop and shutdown. Time only moves through the `ManualClock`.
@Suite struct GroupCoordinatorTests {
    typealias H = CoordinatorHarness

    @Test func concurrentJoinsCompleteTogether() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        let idA = await coordinator.joinGroup(H.joinRequest(), version: 5).memberID
        let idB = await coordinator.joinGroup(H.joinRequest(), version: 5).memberID
        #expect(idA != idB)

        let (a, b) = try await withDeadline {
            async let a = coordinator.joinGroup(H.joinRequest(memberID: idA), version: 5)
            async let b = coordinator.joinGroup(H.joinRequest(memberID: idB), version: 5)
            return await (a, b)
        }
        #expect(a.errorCode == 0 && b.errorCode == 0)
        #expect(a.generationID == 1 && b.generationID == 1)
        #expect(a.leader == b.leader)
        let (leader, follower) = a.leader == idA ? (a, b) : (b, a)
        #expect(Set(leader.members.map(\.memberID)) == [idA, idB])
        #expect(leader.members.allSatisfy { $0.metadata == ByteBuffer(string: "range-subscription") })
        #expect(follower.members.isEmpty)
        #expect(a.protocolName == "range")

        let (leaderSync, followerSync) = try await withDeadline {
            async let f = coordinator.syncGroup(
                SyncGroupRequest(groupID: "g", generationID: 1, memberID: follower.memberID), version: 5)
            async let l = coordinator.syncGroup(
                SyncGroupRequest(
                    groupID: "g", generationID: 1, memberID: leader.memberID, protocolType: "consumer", protocolName: "range",
                    assignments: [
                        .init(memberID: leader.memberID, assignment: ByteBuffer(string: "p0")),
                        .init(memberID: follower.memberID, assignment: ByteBuffer(string: "p1")),
                    ]),
                version: 5)
            return await (l, f)
        }
        #expect(leaderSync.assignment == ByteBuffer(string: "p0"))
        #expect(followerSync.assignment == ByteBuffer(string: "p1"))
        #expect(followerSync.protocolType == "consumer" && followerSync.protocolName == "range")

        let beat = await coordinator.heartbeat(HeartbeatRequest(groupID: "g", generationID: 1, memberID: follower.memberID), version: 4)
        #expect(beat.errorCode == 0)

        let described = await coordinator.describeGroups(DescribeGroupsRequest(groups: ["g"]), version: 5)
        let group = try #require(described.groups.first)
        #expect(group.groupState == "Stable")
        #expect(group.protocolType == "consumer")
        #expect(group.protocolData == "range")
        #expect(group.members.count == 2)
        #expect(group.members.first { $0.memberID == follower.memberID }?.memberAssignment == ByteBuffer(string: "p1"))
        #expect(group.members.allSatisfy { $0.memberMetadata == ByteBuffer(string: "range-subscription") })
    }

    @Test func thirdMemberRebalancesAStableGroupThroughHeartbeats() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        let (first, _) = try await harness.joinAndSyncAlone()
        let newcomer = await coordinator.joinGroup(H.joinRequest(), version: 5)
        #expect(newcomer.errorCode == KafkaErrorCode.memberIDRequired.rawValue)

        try await withDeadline {
            async let joined = coordinator.joinGroup(H.joinRequest(memberID: newcomer.memberID), version: 5)
            // The newcomer waits until the existing member, told by its heartbeat, rejoins.
            try await eventually { coordinator.group("g")?.state == .preparingRebalance }
            let beat = await coordinator.heartbeat(HeartbeatRequest(groupID: "g", generationID: 1, memberID: first), version: 4)
            #expect(beat.errorCode == KafkaErrorCode.rebalanceInProgress.rawValue)
            let rejoined = await coordinator.joinGroup(H.joinRequest(memberID: first), version: 5)
            let newcomerJoined = await joined
            #expect(rejoined.generationID == 2 && newcomerJoined.generationID == 2)
            #expect(rejoined.leader == first)
            #expect(rejoined.members.count == 2)
        }
    }

    @Test func clientIdentityComesFromTheRequestContext() async throws {
        let harness = try H()
        defer { harness.close() }
        let response = await GroupRequestContext.$current.withValue(.init(clientID: "rdkafka", clientHost: "/10.0.0.7")) {
            await harness.coordinator.joinGroup(H.joinRequest(), version: 3)
        }
        #expect(response.memberID == "rdkafka-1")
        let described = await harness.coordinator.describeGroups(DescribeGroupsRequest(groups: ["g"]), version: 0)
        #expect(described.groups.first?.members.first?.clientID == "rdkafka")
        #expect(described.groups.first?.members.first?.clientHost == "/10.0.0.7")
    }

    @Test func versionDifferences() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        // v0: no rebalance timeout on the wire, so the session timeout stands in; no member-id round.
        var v0 = H.joinRequest(session: 12_000, rebalance: -1)
        v0.groupInstanceID = "ignored-before-v5"
        let joined = await coordinator.joinGroup(v0, version: 0)
        #expect(joined.errorCode == 0)
        let member = try #require(coordinator.group("g")?.member(joined.memberID))
        #expect(member.rebalanceTimeout == .seconds(12))
        #expect(member.groupInstanceID == nil)

        let invalid = await coordinator.joinGroup(H.joinRequest(group: ""), version: 9)
        #expect(invalid.errorCode == KafkaErrorCode.invalidGroupID.rawValue)
        #expect(invalid.protocolName == nil)
        let oldError = await coordinator.joinGroup(H.joinRequest(group: "g2", memberID: "nobody"), version: 6)
        #expect(oldError.errorCode == KafkaErrorCode.unknownMemberID.rawValue)
        #expect(oldError.protocolName == "")
        #expect(coordinator.group("g2") == nil)

        let badSession = await coordinator.joinGroup(H.joinRequest(group: "g3", session: 1_000), version: 4)
        #expect(badSession.errorCode == KafkaErrorCode.invalidSessionTimeout.rawValue)

        let leaveV0 = await coordinator.leaveGroup(LeaveGroupRequest(groupID: "g", memberID: "nobody"), version: 0)
        #expect(leaveV0.errorCode == KafkaErrorCode.unknownMemberID.rawValue)
        let leaveV3 = await coordinator.leaveGroup(
            LeaveGroupRequest(groupID: "g", members: [.init(memberID: joined.memberID), .init(memberID: "nobody")]), version: 3)
        #expect(leaveV3.errorCode == 0)
        #expect(leaveV3.members.map(\.errorCode) == [0, KafkaErrorCode.unknownMemberID.rawValue])
        #expect(coordinator.group("g")?.state == .empty)

        let unknownGroupBeat = await coordinator.heartbeat(HeartbeatRequest(groupID: "nope", generationID: 1, memberID: "m"), version: 0)
        #expect(unknownGroupBeat.errorCode == KafkaErrorCode.unknownMemberID.rawValue)
        let unknownGroupSync = await coordinator.syncGroup(SyncGroupRequest(groupID: "nope", generationID: 1, memberID: "m"), version: 0)
        #expect(unknownGroupSync.errorCode == KafkaErrorCode.unknownMemberID.rawValue)
    }

    @Test func timerLoopExpiresASilentMemberAfterExactlyItsSessionTimeout() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        let clock = harness.clock
        _ = try await harness.joinAndSyncAlone(session: 10_000)
        #expect(coordinator.nextDeadline == GroupInstant(.seconds(10)))

        try await withDeadline {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await coordinator.runTimers() }
                try await eventually { clock.sleeperCount == 1 }
                clock.advance(by: .seconds(10) - .milliseconds(1))
                #expect(coordinator.group("g")?.state == .stable)
                #expect(clock.sleeperCount == 1)
                clock.advance(by: .milliseconds(1))
                try await eventually { coordinator.group("g")?.members.isEmpty == true }
                #expect(coordinator.group("g")?.state == .empty)
                coordinator.shutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test func timerLoopWakesForANearerDeadline() async throws {
        let harness = try H()
        defer { harness.close() }
        let coordinator = harness.coordinator
        let clock = harness.clock
        _ = try await harness.joinAndSyncAlone(group: "slow", session: 60_000)

        try await withDeadline {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await coordinator.runTimers() }
                try await eventually { clock.sleeperCount == 1 }
                // Sleeping until +60 s; a 10 s session scheduled now must cut that short.
                _ = try await harness.joinAndSyncAlone(group: "fast", session: 10_000)
                try await eventually { clock.sleeperCount == 1 && coordinator.nextDeadline == GroupInstant(.seconds(10)) }
                clock.advance(by: .seconds(10))
                try await eventually { coordinator.group("fast")?.members.isEmpty == true }
                #expect(coordinator.group("slow")?.state == .stable)
                coordinator.shutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test func shutdownAnswersWaitingJoins() async throws {
        var configuration = GroupCoordinatorConfiguration()
        configuration.initialRebalanceDelay = .seconds(3)
        let harness = try H(configuration: configuration)
        defer { harness.close() }
        let coordinator = harness.coordinator
        let response = try await withDeadline {
            async let join = coordinator.joinGroup(H.joinRequest(), version: 3)
            try await eventually { coordinator.group("g")?.members.count == 1 }
            coordinator.shutdown()
            return await join
        }
        #expect(response.errorCode == KafkaErrorCode.coordinatorNotAvailable.rawValue)
        let later = await coordinator.joinGroup(H.joinRequest(), version: 3)
        #expect(later.errorCode == KafkaErrorCode.coordinatorNotAvailable.rawValue)
    }

    @Test func serviceShutsTheCoordinatorDownWhenCancelled() async throws {
        var configuration = GroupCoordinatorConfiguration()
        configuration.initialRebalanceDelay = .seconds(3)
        let harness = try H(configuration: configuration)
        defer { harness.close() }
        let coordinator = harness.coordinator
        let response = try await withDeadline {
            async let join = coordinator.joinGroup(H.joinRequest(), version: 3)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await GroupCoordinatorService(coordinator).run() }
                try await eventually { coordinator.group("g")?.members.count == 1 && harness.clock.sleeperCount == 1 }
                group.cancelAll()
                try await group.waitForAll()
            }
            return await join
        }
        #expect(response.errorCode == KafkaErrorCode.coordinatorNotAvailable.rawValue)
    }

    @Test func initialDelayCompletesOnTheTimerLoop() async throws {
        var configuration = GroupCoordinatorConfiguration()
        configuration.initialRebalanceDelay = .seconds(3)
        let harness = try H(configuration: configuration)
        defer { harness.close() }
        let coordinator = harness.coordinator
        let (a, b) = try await withDeadline {
            async let a = coordinator.joinGroup(H.joinRequest(), version: 3)
            async let b = coordinator.joinGroup(H.joinRequest(), version: 3)
            try await eventually { coordinator.group("g")?.members.count == 2 }
            // Both arrived within the first delay: one more delay, then one generation.
            harness.clock.advance(by: .seconds(3))
            coordinator.fireDueTimers()
            harness.clock.advance(by: .seconds(3))
            coordinator.fireDueTimers()
            return await (a, b)
        }
        #expect(a.generationID == 1 && b.generationID == 1)
        #expect(a.leader == b.leader)
    }

    @Test func cancelledJoinStopsWaiting() async throws {
        var configuration = GroupCoordinatorConfiguration()
        configuration.initialRebalanceDelay = .seconds(3)
        let harness = try H(configuration: configuration)
        defer { harness.close() }
        let coordinator = harness.coordinator
        let response = try await withDeadline {
            try await withThrowingTaskGroup(of: JoinGroupResponse.self) { group in
                group.addTask { await coordinator.joinGroup(H.joinRequest(), version: 3) }
                try await eventually { coordinator.group("g")?.members.count == 1 }
                group.cancelAll()
                return try #require(try await group.next())
            }
        }
        #expect(response.errorCode == KafkaErrorCode.coordinatorNotAvailable.rawValue)
        // The member stays until the group's own timeouts deal with it.
        #expect(coordinator.group("g")?.members.count == 1)
    }
}
