import KafkaProtocol
import LogStore
import Logging
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import KafkaBroker

/// A coordinator over a real LogStore in a temporary directory, on a `ManualClock`.
struct CoordinatorHarness {
    let directory: TemporaryDirectory
    let clock: ManualClock
    let store: LogStore
    let coordinator: GroupCoordinator

    init(configuration: GroupCoordinatorConfiguration = GroupCoordinatorConfiguration(), directory: TemporaryDirectory? = nil) throws {
        let directory = try directory ?? TemporaryDirectory(prefix: "rivulet-groups")
        let clock = ManualClock()
        var logConfiguration = LogStoreConfiguration(directory: directory.file("log"))
        logConfiguration.fsync = .none
        let store = try LogStore.open(logConfiguration, clock: clock)
        let counter = Atomic<Int>(0)
        self.directory = directory
        self.clock = clock
        self.store = store
        self.coordinator = GroupCoordinator(
            configuration: configuration, offsetStore: store.consumerOffsets, clock: clock, wallClock: clock,
            logger: Self.quietLogger, memberIDSuffix: { String(counter.add(1, ordering: .relaxed).newValue) })
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "rivulet.groups.test")
        logger.logLevel = .warning
        return logger
    }()

    static func joinRequest(
        group: String = "g", memberID: String = "", instance: String? = nil, session: Int32 = 10_000, rebalance: Int32 = 30_000,
        protocols: [String] = ["range"]
    ) -> JoinGroupRequest {
        JoinGroupRequest(
            groupID: group, sessionTimeoutMs: session, rebalanceTimeoutMs: rebalance, memberID: memberID, groupInstanceID: instance,
            protocolType: "consumer",
            protocols: protocols.map { .init(name: $0, metadata: ByteBuffer(string: "\($0)-subscription")) })
    }

    /// Joins and syncs one member through the wire API (v5: with the MEMBER_ID_REQUIRED round).
    func joinAndSyncAlone(group: String = "g", session: Int32 = 10_000) async throws -> (memberID: String, generation: Int32) {
        let first = await coordinator.joinGroup(Self.joinRequest(group: group, session: session), version: 5)
        #expect(first.errorCode == KafkaErrorCode.memberIDRequired.rawValue)
        let joined = await coordinator.joinGroup(Self.joinRequest(group: group, memberID: first.memberID, session: session), version: 5)
        try #require(joined.errorCode == 0)
        let synced = await coordinator.syncGroup(
            SyncGroupRequest(groupID: group, generationID: joined.generationID, memberID: joined.memberID,
                             assignments: [.init(memberID: joined.memberID, assignment: ByteBuffer(string: "all"))]),
            version: 3)
        try #require(synced.errorCode == 0)
        return (joined.memberID, joined.generationID)
    }

    func close() {
        try? store.close()
        directory.remove()
    }
}

struct TimedOut: Error {}

/// Runs `body` but fails instead of hanging when the awaited thing never happens. The sleep
/// is a safety bound only; no assertion depends on how long anything takes.
func withDeadline<T: Sendable>(seconds: Int = 10, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut() }
        return value
    }
}

/// Waits (bounded) until `condition` holds; used to let another task reach a known point.
func eventually(seconds: Int = 10, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut() }
        await Task.yield()
        try await Task.sleep(for: .milliseconds(1))
    }
}

@Suite struct GroupCoordinatorTestSupportTests {
    @Test func harnessJoinsAlone() async throws {
        let harness = try CoordinatorHarness()
        defer { harness.close() }
        let (memberID, generation) = try await harness.joinAndSyncAlone()
        #expect(memberID == "-1")
        #expect(generation == 1)
    }
}
