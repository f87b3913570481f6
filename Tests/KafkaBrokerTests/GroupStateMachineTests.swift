import KafkaProtocol
import NIOCore
import TestSupport
import Testing

@testable import KafkaBroker

/// The join, sync and heartbeat protocol of one group, driven directly: no sockets, no waits.
@Suite struct GroupStateMachineTests {
    typealias F = GroupFixture

    @Test func singleMemberJoinsSyncsAndIsStableAtOnce() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        let joined = machine.join(F.join(newID: "a"), now: F.now(clock))
        #expect(joined.reply == .awaiting(memberID: "a"))
        let response = try #require(joined.actions.joinResponses["a"])
        #expect(response.errorCode == .none)
        #expect(response.generationID == 1)
        #expect(response.leaderID == "a")
        #expect(response.protocolName == "range")
        #expect(response.protocolType == "consumer")
        #expect(response.members.map(\.memberID) == ["a"])
        #expect(response.members.first?.metadata == F.bytes("range-meta"))
        #expect(machine.state == .completingRebalance)

        let synced = machine.sync(GroupSync(member: .init(memberID: "a", generationID: 1), assignments: ["a": F.bytes("p0")]), now: F.now(clock))
        #expect(synced.reply == .awaiting(memberID: "a"))
        #expect(synced.actions.syncResponses["a"]?.assignment == F.bytes("p0"))
        #expect(synced.actions.syncResponses["a"]?.errorCode == KafkaErrorCode.none)
        #expect(machine.state == .stable)
        // The only deadline left is the member's session, counted from now.
        #expect(synced.actions.scheduled(.session(memberID: "a")) == F.now(clock) + F.session)
    }

    @Test func memberIDRequiredThenRejoinCompletes() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        let first = machine.join(F.join(newID: "client-1", requiresKnown: true), now: F.now(clock))
        let required = try #require(first.reply.immediate)
        #expect(required.errorCode == .memberIDRequired)
        #expect(required.memberID == "client-1")
        #expect(machine.members.isEmpty)
        #expect(machine.pendingMembers["client-1"] == F.now(clock) + F.session)

        let second = machine.join(F.join("client-1", requiresKnown: true), now: F.now(clock))
        #expect(second.reply == .awaiting(memberID: "client-1"))
        #expect(second.actions.joinResponses["client-1"]?.generationID == 1)
        #expect(second.actions.contains(.cancelTimer(.session(memberID: "client-1"))))
        #expect(machine.pendingMembers.isEmpty)
    }

    @Test func twoMembersJoiningTogetherGetOneGeneration() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        _ = machine.join(F.join(newID: "a", requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join(newID: "b", requiresKnown: true), now: F.now(clock))
        let a = machine.join(F.join("a", requiresKnown: true), now: F.now(clock))
        // "b" holds an id but has not rejoined: the join phase waits for it.
        #expect(a.actions.joinResponses.isEmpty)
        #expect(machine.state == .preparingRebalance)
        let b = machine.join(F.join("b", requiresKnown: true), now: F.now(clock))
        let responses = b.actions.joinResponses
        #expect(Set(responses.keys) == ["a", "b"])
        #expect(responses["a"]?.generationID == 1 && responses["b"]?.generationID == 1)
        #expect(responses["a"]?.leaderID == "a" && responses["b"]?.leaderID == "a")
        #expect(responses["a"]?.members.map(\.memberID) == ["a", "b"])
        #expect(responses["b"]?.members.isEmpty == true)

        // The follower's sync waits for the leader's, which releases both.
        let followerSync = machine.sync(GroupSync(member: .init(memberID: "b", generationID: 1)), now: F.now(clock))
        #expect(followerSync.reply == .awaiting(memberID: "b"))
        #expect(followerSync.actions.syncResponses.isEmpty)
        let leaderSync = machine.sync(
            GroupSync(member: .init(memberID: "a", generationID: 1), assignments: ["a": F.bytes("p0"), "b": F.bytes("p1")]),
            now: F.now(clock))
        #expect(leaderSync.actions.syncResponses["a"]?.assignment == F.bytes("p0"))
        #expect(leaderSync.actions.syncResponses["b"]?.assignment == F.bytes("p1"))
        #expect(machine.state == .stable)
    }

    @Test func joinIntoStableGroupRebalancesAndOthersLearnByHeartbeat() throws {
        let clock = ManualClock()
        var machine = F.stableGroup(["a", "b"], clock: clock)
        #expect(machine.heartbeat(.init(memberID: "b", generationID: 2), now: F.now(clock)).reply == .none)

        let c = machine.join(F.join(newID: "c"), now: F.now(clock))
        #expect(c.reply == .awaiting(memberID: "c"))
        #expect(c.actions.joinResponses.isEmpty)
        #expect(machine.state == .preparingRebalance)
        #expect(c.actions.scheduled(.rebalance) == F.now(clock) + F.rebalance)
        #expect(machine.heartbeat(.init(memberID: "a", generationID: 2), now: F.now(clock)).reply == .rebalanceInProgress)
        #expect(machine.heartbeat(.init(memberID: "b", generationID: 2), now: F.now(clock)).reply == .rebalanceInProgress)
        // A sync in the join phase is refused the same way.
        #expect(machine.sync(GroupSync(member: .init(memberID: "b", generationID: 2)), now: F.now(clock)).reply.immediate?.errorCode == .rebalanceInProgress)

        _ = machine.join(F.join("b"), now: F.now(clock))
        let done = machine.join(F.join("a"), now: F.now(clock))
        let responses = done.actions.joinResponses
        #expect(Set(responses.keys) == ["a", "b", "c"])
        #expect(responses.values.allSatisfy { $0.generationID == 3 && $0.leaderID == "a" })
        #expect(responses["a"]?.members.count == 3)
        #expect(done.actions.contains(.cancelTimer(.rebalance)))
    }

    @Test func leaveRebalancesTheRest() throws {
        let clock = ManualClock()
        var machine = F.stableGroup(["a", "b"], clock: clock)
        let left = machine.leave([(memberID: "b", groupInstanceID: nil)], now: F.now(clock))
        #expect(left.reply == [KafkaErrorCode.none])
        #expect(machine.state == .preparingRebalance)
        #expect(left.actions.contains(.cancelTimer(.session(memberID: "b"))))
        #expect(machine.heartbeat(.init(memberID: "a", generationID: 2), now: F.now(clock)).reply == .rebalanceInProgress)
        let rejoined = machine.join(F.join("a"), now: F.now(clock))
        let response = try #require(rejoined.actions.joinResponses["a"])
        #expect(response.generationID == 3)
        #expect(response.members.map(\.memberID) == ["a"])

        #expect(machine.leave([(memberID: "zz", groupInstanceID: nil)], now: F.now(clock)).reply == [.unknownMemberID])
    }

    @Test func lastMemberLeavingEmptiesTheGroup() {
        let clock = ManualClock()
        var machine = F.stableGroup(["a"], clock: clock)
        _ = machine.leave([(memberID: "a", groupInstanceID: nil)], now: F.now(clock))
        #expect(machine.state == .empty)
        #expect(machine.generationID == 2)
        #expect(machine.members.isEmpty)
        #expect(machine.isDeletable)
    }

    @Test func silentMemberExpiresAfterExactlyItsSessionTimeout() throws {
        let clock = ManualClock()
        var machine = F.stableGroup(["a", "b"], clock: clock)
        let start = F.now(clock)
        clock.advance(by: .seconds(4))
        let beat = machine.heartbeat(.init(memberID: "a", generationID: 2), now: F.now(clock))
        #expect(beat.actions.scheduled(.session(memberID: "a")) == F.now(clock) + F.session)
        #expect(machine.member("b")?.sessionDeadline == start + F.session)

        clock.advance(by: F.session - .seconds(4) - .milliseconds(1))
        #expect(machine.timerFired(.session(memberID: "b"), now: F.now(clock)).isEmpty)
        #expect(machine.member("b") != nil)

        clock.advance(by: .milliseconds(1))
        let expired = machine.timerFired(.session(memberID: "b"), now: F.now(clock))
        #expect(machine.member("b") == nil)
        #expect(machine.state == .preparingRebalance)
        #expect(expired.scheduled(.rebalance) != nil)
        // "a" heartbeated at +4 s, so its session still runs.
        #expect(machine.timerFired(.session(memberID: "a"), now: F.now(clock)).isEmpty)
        #expect(machine.member("a") != nil)
    }

    @Test func rebalanceTimeoutDropsMembersThatDidNotRejoin() throws {
        let clock = ManualClock()
        // Long sessions, so only the rebalance timeout can remove "b".
        var machine = F.stableGroup(["a", "b"], clock: clock, session: .seconds(60))
        let c = machine.join(F.join(newID: "c", session: .seconds(60)), now: F.now(clock))
        let deadline = try #require(c.actions.scheduled(.rebalance))
        #expect(deadline == F.now(clock) + F.rebalance)
        _ = machine.join(F.join("a", session: .seconds(60)), now: F.now(clock))

        clock.advance(by: F.rebalance - .milliseconds(1))
        #expect(machine.timerFired(.rebalance, now: F.now(clock)).isEmpty)
        clock.advance(by: .milliseconds(1))
        let fired = machine.timerFired(.rebalance, now: F.now(clock))
        let responses = fired.joinResponses
        #expect(Set(responses.keys) == ["a", "c"])
        #expect(responses["a"]?.members.map(\.memberID) == ["a", "c"])
        #expect(machine.member("b") == nil)
        #expect(machine.generationID == 3)
        #expect(machine.heartbeat(.init(memberID: "b", generationID: 3), now: F.now(clock)).reply == .unknownMemberID)
    }

    @Test func leaderThatDoesNotRejoinIsReplaced() throws {
        let clock = ManualClock()
        var machine = F.stableGroup(["a", "b"], clock: clock, session: .seconds(60))
        // New protocols from "b" start a rebalance; the leader "a" never rejoins.
        #expect(machine.join(F.join("b", protocols: ["range", "roundrobin"], session: .seconds(60)), now: F.now(clock)).reply.isAwaiting)
        clock.advance(by: F.rebalance)
        let fired = machine.timerFired(.rebalance, now: F.now(clock))
        #expect(fired.joinResponses["b"]?.leaderID == "b")
        #expect(fired.joinResponses["b"]?.members.map(\.memberID) == ["b"])
    }

    @Test func staticMemberRejoinKeepsItsSlotWithoutRebalance() throws {
        let clock = ManualClock()
        var machine = F.stableGroup(["b", "a"], clock: clock, instances: [nil, "instance-a"])
        let generation = machine.generationID
        let rejoin = machine.join(F.join(newID: "a2", instance: "instance-a"), now: F.now(clock))
        let response = try #require(rejoin.reply.immediate)
        #expect(response.errorCode == .none)
        #expect(response.memberID == "a2")
        #expect(response.generationID == generation)
        #expect(response.leaderID == "b")
        #expect(machine.state == .stable)

        let sync = machine.sync(GroupSync(member: .init(memberID: "a2", generationID: generation, groupInstanceID: "instance-a")), now: F.now(clock))
        #expect(sync.reply.immediate?.assignment == F.bytes("a-assignment"))
        // The old process is fenced; the other member never noticed.
        #expect(machine.heartbeat(.init(memberID: "a", generationID: generation, groupInstanceID: "instance-a"), now: F.now(clock)).reply == .fencedInstanceID)
        #expect(machine.heartbeat(.init(memberID: "b", generationID: generation), now: F.now(clock)).reply == .none)

        // Leaving by instance id alone removes the static member.
        let left = machine.leave([(memberID: "", groupInstanceID: "instance-a")], now: F.now(clock))
        #expect(left.reply == [.none])
        #expect(machine.member("a2") == nil)
        #expect(machine.state == .preparingRebalance)
    }

    @Test func staticMemberDoesNotNeedMemberIDRound() {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        let joined = machine.join(F.join(newID: "s1", instance: "i1", requiresKnown: true), now: F.now(clock))
        #expect(joined.reply == .awaiting(memberID: "s1"))
        #expect(joined.actions.joinResponses["s1"]?.generationID == 1)
    }

    @Test func syncErrors() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        _ = machine.join(F.join(newID: "a"), now: F.now(clock))
        #expect(machine.sync(GroupSync(member: .init(memberID: "x", generationID: 1)), now: F.now(clock)).reply.immediate?.errorCode == .unknownMemberID)
        #expect(machine.sync(GroupSync(member: .init(memberID: "a", generationID: 7)), now: F.now(clock)).reply.immediate?.errorCode == .illegalGeneration)
        #expect(machine.sync(GroupSync(member: .init(memberID: "a", generationID: 1), protocolType: "connect"), now: F.now(clock)).reply.immediate?.errorCode == .inconsistentGroupProtocol)
        #expect(machine.sync(GroupSync(member: .init(memberID: "a", generationID: 1), protocolName: "roundrobin"), now: F.now(clock)).reply.immediate?.errorCode == .inconsistentGroupProtocol)
        #expect(machine.sync(GroupSync(member: .init(memberID: "a", generationID: 1), protocolType: "consumer", protocolName: "range"), now: F.now(clock)).reply.isAwaiting)
    }

    @Test func rebalanceDuringCompletingAnswersWaitingSyncs() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        _ = machine.join(F.join(newID: "a", requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join(newID: "b", requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join("a"), now: F.now(clock))
        _ = machine.join(F.join("b"), now: F.now(clock))
        #expect(machine.sync(GroupSync(member: .init(memberID: "b", generationID: 1)), now: F.now(clock)).reply.isAwaiting)
        let c = machine.join(F.join(newID: "c"), now: F.now(clock))
        #expect(c.actions.syncResponses["b"]?.errorCode == .rebalanceInProgress)
        #expect(machine.state == .preparingRebalance)
    }

    @Test func leaderThatNeverSyncsIsDroppedAfterTheRebalanceTimeout() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        let long = Duration.seconds(60)
        _ = machine.join(F.join(newID: "a", session: long, requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join(newID: "b", session: long, requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join("a", session: long), now: F.now(clock))
        let joined = machine.join(F.join("b", session: long), now: F.now(clock))
        #expect(joined.actions.scheduled(.rebalance) == F.now(clock) + F.rebalance)
        #expect(machine.sync(GroupSync(member: .init(memberID: "b", generationID: 1)), now: F.now(clock)).reply.isAwaiting)

        clock.advance(by: F.rebalance)
        let fired = machine.timerFired(.rebalance, now: F.now(clock))
        #expect(fired.syncResponses["b"]?.errorCode == .rebalanceInProgress)
        #expect(machine.member("a") == nil)
        #expect(machine.state == .preparingRebalance)
        let rejoined = machine.join(F.join("b", session: long), now: F.now(clock))
        #expect(rejoined.actions.joinResponses["b"]?.generationID == 2)
        #expect(rejoined.actions.joinResponses["b"]?.leaderID == "b")
    }

    @Test func leaderSyncCancelsTheSyncPhaseTimeout() {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        _ = machine.join(F.join(newID: "a"), now: F.now(clock))
        let synced = machine.sync(GroupSync(member: .init(memberID: "a", generationID: 1)), now: F.now(clock))
        #expect(synced.actions.contains(.cancelTimer(.rebalance)))
        clock.advance(by: F.rebalance)
        #expect(machine.timerFired(.rebalance, now: F.now(clock)).isEmpty)
        #expect(machine.state == .stable)
    }

    @Test func joinErrors() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        #expect(machine.join(F.join(newID: "a", session: .seconds(5)), now: F.now(clock)).reply.immediate?.errorCode == .invalidSessionTimeout)
        #expect(machine.join(F.join(newID: "a", session: .seconds(30 * 60 + 1)), now: F.now(clock)).reply.immediate?.errorCode == .invalidSessionTimeout)
        #expect(machine.join(F.join(newID: "a", type: ""), now: F.now(clock)).reply.immediate?.errorCode == .inconsistentGroupProtocol)
        #expect(machine.join(F.join(newID: "a", protocols: []), now: F.now(clock)).reply.immediate?.errorCode == .inconsistentGroupProtocol)
        #expect(machine.join(F.join("ghost"), now: F.now(clock)).reply.immediate?.errorCode == .unknownMemberID)
        #expect(machine.isVacant)

        _ = machine.join(F.join(newID: "a", protocols: ["range"]), now: F.now(clock))
        #expect(machine.join(F.join(newID: "b", type: "connect"), now: F.now(clock)).reply.immediate?.errorCode == .inconsistentGroupProtocol)
        #expect(machine.join(F.join(newID: "b", protocols: ["roundrobin"]), now: F.now(clock)).reply.immediate?.errorCode == .inconsistentGroupProtocol)
        #expect(machine.members.count == 1)
    }

    @Test func sessionBoundsAreConfigurable() {
        var configuration = GroupCoordinatorConfiguration()
        configuration.minSessionTimeout = .seconds(1)
        var machine = GroupStateMachine(groupID: "g", configuration: configuration)
        #expect(machine.join(F.join(newID: "a", session: .seconds(2)), now: .origin).reply.isAwaiting)
    }

    @Test func protocolChosenByVotesAmongCommonProtocols() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        _ = machine.join(F.join(newID: "a", protocols: ["roundrobin", "range", "sticky"], requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join(newID: "b", protocols: ["range", "roundrobin"], requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join(newID: "c", protocols: ["range", "roundrobin"], requiresKnown: true), now: F.now(clock))
        _ = machine.join(F.join("a", protocols: ["roundrobin", "range", "sticky"]), now: F.now(clock))
        _ = machine.join(F.join("b", protocols: ["range", "roundrobin"]), now: F.now(clock))
        let done = machine.join(F.join("c", protocols: ["range", "roundrobin"]), now: F.now(clock))
        #expect(done.actions.joinResponses["a"]?.protocolName == "range")
        #expect(done.actions.joinResponses["a"]?.members.map(\.metadata) == Array(repeating: F.bytes("range-meta"), count: 3))
    }

    @Test func heartbeatErrors() {
        let clock = ManualClock()
        var machine = F.stableGroup(["a"], clock: clock)
        #expect(machine.heartbeat(.init(memberID: "x", generationID: 1), now: F.now(clock)).reply == .unknownMemberID)
        #expect(machine.heartbeat(.init(memberID: "a", generationID: 0), now: F.now(clock)).reply == .illegalGeneration)
        #expect(machine.heartbeat(.init(memberID: "a", generationID: 1), now: F.now(clock)).reply == .none)
    }

    @Test func commitChecks() {
        let clock = ManualClock()
        var empty = GroupStateMachine(groupID: "g")
        #expect(empty.validateCommit(.init(memberID: "", generationID: -1), now: .origin).reply == .none)

        var machine = GroupStateMachine(groupID: "g")
        _ = machine.join(F.join(newID: "a"), now: F.now(clock))
        // Joined but not synced: the member must finish the rebalance first.
        #expect(machine.validateCommit(.init(memberID: "a", generationID: 1), now: F.now(clock)).reply == .rebalanceInProgress)
        _ = machine.sync(GroupSync(member: .init(memberID: "a", generationID: 1), assignments: [:]), now: F.now(clock))
        #expect(machine.validateCommit(.init(memberID: "a", generationID: 1), now: F.now(clock)).reply == .none)
        #expect(machine.validateCommit(.init(memberID: "a", generationID: 0), now: F.now(clock)).reply == .illegalGeneration)
        #expect(machine.validateCommit(.init(memberID: "x", generationID: 1), now: F.now(clock)).reply == .unknownMemberID)
        #expect(machine.validateCommit(.init(memberID: "", generationID: -1), now: F.now(clock)).reply == .unknownMemberID)
        // During the join phase a current member may still commit what it consumed.
        _ = machine.join(F.join(newID: "b"), now: F.now(clock))
        #expect(machine.validateCommit(.init(memberID: "a", generationID: 1), now: F.now(clock)).reply == .none)
    }

    @Test func initialDelayWaitsAndExtendsWhileMembersArrive() throws {
        let clock = ManualClock()
        var configuration = GroupCoordinatorConfiguration()
        configuration.initialRebalanceDelay = .seconds(3)
        var machine = GroupStateMachine(groupID: "g", configuration: configuration)
        let a = machine.join(F.join(newID: "a"), now: F.now(clock))
        #expect(a.actions.joinResponses.isEmpty)
        #expect(a.actions.scheduled(.initialDelay) == F.now(clock) + .seconds(3))
        clock.advance(by: .seconds(1))
        _ = machine.join(F.join(newID: "b"), now: F.now(clock))
        clock.advance(by: .seconds(2))
        let extended = machine.timerFired(.initialDelay, now: F.now(clock))
        #expect(extended.scheduled(.initialDelay) == F.now(clock) + .seconds(3))
        #expect(extended.joinResponses.isEmpty)
        clock.advance(by: .seconds(3))
        let done = machine.timerFired(.initialDelay, now: F.now(clock))
        #expect(Set(done.joinResponses.keys) == ["a", "b"])
        #expect(done.joinResponses["a"]?.generationID == 1)
    }

    @Test func pendingMemberThatNeverRejoinsStopsHoldingTheJoinAfterItsSession() throws {
        let clock = ManualClock()
        var machine = GroupStateMachine(groupID: "g")
        _ = machine.join(F.join(newID: "a", requiresKnown: true), now: F.now(clock))
        let ghost = machine.join(F.join(newID: "ghost", requiresKnown: true), now: F.now(clock))
        let deadline = try #require(ghost.actions.scheduled(.session(memberID: "ghost")))
        #expect(machine.join(F.join("a"), now: F.now(clock)).actions.joinResponses.isEmpty)
        clock.advance(by: F.session)
        #expect(F.now(clock) == deadline)
        let fired = machine.timerFired(.session(memberID: "ghost"), now: F.now(clock))
        #expect(fired.joinResponses["a"]?.generationID == 1)
        #expect(machine.pendingMembers.isEmpty)
    }

    @Test func retriedJoinInStableGroupGetsTheSameGeneration() throws {
        let clock = ManualClock()
        var machine = F.stableGroup(["a", "b"], clock: clock)
        let retried = machine.join(F.join("b"), now: F.now(clock))
        #expect(retried.reply.immediate?.generationID == 2)
        #expect(machine.state == .stable)
        // New protocols change what the leader assigns: that rebalances.
        let changed = machine.join(F.join("b", protocols: ["range", "roundrobin"]), now: F.now(clock))
        #expect(changed.reply.isAwaiting)
        #expect(machine.state == .preparingRebalance)
    }

    @Test func leavingWhileAwaitingJoinAnswersTheJoin() {
        let clock = ManualClock()
        var machine = F.stableGroup(["a", "b"], clock: clock)
        _ = machine.join(F.join(newID: "c"), now: F.now(clock))
        let left = machine.leave([(memberID: "c", groupInstanceID: nil)], now: F.now(clock))
        #expect(left.actions.joinResponses["c"]?.errorCode == .unknownMemberID)
    }
}
