import KafkaProtocol
import LogStore
import NIOCore
import TestSupport
import Testing

@testable import KafkaBroker

/// Shared builders for the group tests (kept in a `Group*Tests.swift` file by convention).
enum GroupFixture {
    static let session = Duration.seconds(10)
    static let rebalance = Duration.seconds(30)

    static func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func protocols(_ names: [String], metadata: String = "") -> [GroupProtocol] {
        names.map { GroupProtocol(name: $0, metadata: bytes(metadata.isEmpty ? "\($0)-meta" : metadata)) }
    }

    /// A join as a v3 client sends it (no MEMBER_ID_REQUIRED round) unless `requiresKnown`.
    static func join(
        _ memberID: String = "", newID: String = "", instance: String? = nil, protocols names: [String] = ["range"],
        metadata: String = "", type: String = "consumer", session: Duration = session, rebalance: Duration = rebalance,
        requiresKnown: Bool = false
    ) -> GroupJoin {
        GroupJoin(
            memberID: memberID, groupInstanceID: instance, clientID: "client", clientHost: "/127.0.0.1",
            sessionTimeout: session, rebalanceTimeout: rebalance, protocolType: type,
            protocols: protocols(names, metadata: metadata), requiresKnownMemberID: requiresKnown, newMemberID: newID)
    }

    static func now(_ clock: ManualClock) -> GroupInstant { GroupInstant(clock.now.offset) }

    /// A Stable group of `ids` (first is the leader) at generation 1, each assigned "<id>-assignment".
    static func stableGroup(_ ids: [String], clock: ManualClock, session: Duration = session, instances: [String?]? = nil) -> GroupStateMachine {
        var machine = GroupStateMachine(groupID: "g")
        for (i, id) in ids.enumerated() {
            _ = machine.join(join(newID: id, instance: instances?[i], session: session), now: now(clock))
        }
        // With no initial delay the first member completes generation 1 alone; the others
        // joined into a rebalance that the first must rejoin.
        if ids.count > 1 { _ = machine.join(join(ids[0], session: session), now: now(clock)) }
        let assignments = Dictionary(uniqueKeysWithValues: ids.map { ($0, bytes("\($0)-assignment")) })
        for id in ids.reversed() {
            _ = machine.sync(GroupSync(member: .init(memberID: id, generationID: machine.generationID), assignments: id == ids[0] ? assignments : [:]), now: now(clock))
        }
        return machine
    }
}

extension Array where Element == GroupAction {
    var joinResponses: [String: JoinResult] {
        var out: [String: JoinResult] = [:]
        for case .respondJoin(let id, let result) in self { out[id] = result }
        return out
    }

    var syncResponses: [String: SyncResult] {
        var out: [String: SyncResult] = [:]
        for case .respondSync(let id, let result) in self { out[id] = result }
        return out
    }

    func scheduled(_ timer: GroupTimer) -> GroupInstant? {
        var last: GroupInstant?
        for case .scheduleTimer(let t, let at) in self where t == timer { last = at }
        return last
    }
}

extension GroupReply {
    var immediate: Result? {
        if case .immediate(let result) = self { return result }
        return nil
    }

    var isAwaiting: Bool {
        if case .awaiting = self { return true }
        return false
    }
}

@Suite struct GroupFixtureTests {
    @Test func stableGroupFixtureIsStable() {
        let clock = ManualClock()
        let machine = GroupFixture.stableGroup(["a", "b", "c"], clock: clock)
        #expect(machine.state == .stable)
        #expect(machine.generationID == 2)
        #expect(machine.leaderID == "a")
        #expect(machine.members.map(\.assignment) == ["a", "b", "c"].map { GroupFixture.bytes("\($0)-assignment") })
    }
}
