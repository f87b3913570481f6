import KafkaProtocol
import LogStore
import Logging
import RivuletCore
import Synchronization

import struct Foundation.UUID

/// The consumer-group coordinator of the broker: every group API of `GroupAPIHandling`.
///
/// Owns one `GroupStateMachine` per group, the JoinGroup and SyncGroup requests waiting for
/// their group (as continuations), and the groups' timers. All of it sits behind one lock;
/// an event runs its machine under the lock and the continuations it answers are resumed
/// after the lock is released. Committed offsets live in LogStore's `ConsumerOffsetStore`,
/// which this class only calls.
///
/// Timers run in `runTimers()` (wrapped as a `Service` by `GroupCoordinatorService`) on the
/// injected clock; tests may instead call `fireDueTimers()` after advancing a `ManualClock`.
public final class GroupCoordinator: GroupAPIHandling, Sendable {
    public let configuration: GroupCoordinatorConfiguration
    let offsetStore: ConsumerOffsetStore
    let clock: GroupClock
    let wallClock: any WallClock
    let logger: Logger
    let memberIDSuffix: @Sendable () -> String
    let state = Mutex(State())
    let wake = WakeSignal()
    private let tokens = Atomic<UInt64>(0)

    /// - Parameters:
    ///   - offsetStore: where committed offsets are kept (`LogStore.consumerOffsets`).
    ///   - clock: drives session, rebalance and initial-delay timeouts.
    ///   - wallClock: stamps committed offsets.
    ///   - memberIDSuffix: the unique part of new member ids; a UUID unless a test wants
    ///     predictable ids.
    public init(
        configuration: GroupCoordinatorConfiguration = GroupCoordinatorConfiguration(),
        offsetStore: ConsumerOffsetStore,
        clock: any Clock<Duration> = ContinuousClock(),
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "rivulet.groups"),
        memberIDSuffix: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.configuration = configuration
        self.offsetStore = offsetStore
        self.clock = GroupClock(clock)
        self.wallClock = wallClock
        self.logger = logger
        self.memberIDSuffix = memberIDSuffix
    }

    struct WaiterKey: Hashable {
        var groupID: String
        var memberID: String
    }

    struct Waiter<Result: Sendable>: Sendable {
        var token: UInt64
        var continuation: CheckedContinuation<Result, Never>
    }

    struct TimerKey: Hashable {
        var groupID: String
        var timer: GroupTimer
    }

    /// A continuation to resume once the lock is released.
    struct Resumption: Sendable {
        let resume: @Sendable () -> Void

        init<R: Sendable>(_ continuation: CheckedContinuation<R, Never>, _ result: R) {
            resume = { continuation.resume(returning: result) }
        }
    }

    struct State {
        var groups: [String: GroupStateMachine] = [:]
        var joinWaiters: [WaiterKey: Waiter<JoinResult>] = [:]
        var syncWaiters: [WaiterKey: Waiter<SyncResult>] = [:]
        var timers: [TimerKey: GroupInstant] = [:]
        var isShutDown = false
    }

    /// A snapshot of one group's machine (tests, DescribeGroups, the dashboard later).
    public func group(_ groupID: String) -> GroupStateMachine? {
        state.withLock { $0.groups[groupID] }
    }

    func nextToken() -> UInt64 { tokens.add(1, ordering: .relaxed).newValue }

    func newMemberID() -> String { "\(GroupRequestContext.current.clientID)-\(memberIDSuffix())" }

    /// One line per completed join phase and per member that left or expired; rare events,
    /// so logging under the lock costs nothing worth avoiding.
    func logChange(_ groupID: String, from before: GroupStateMachine?, to after: GroupStateMachine?) {
        let beforeIDs = Set(before?.members.map(\.memberID) ?? [])
        let afterIDs = Set(after?.members.map(\.memberID) ?? [])
        for gone in beforeIDs.subtracting(afterIDs) {
            logger.info("member removed from group", metadata: ["group": "\(groupID)", "member": "\(gone)"])
        }
        if let after, after.generationID != (before?.generationID ?? 0) {
            logger.info("group rebalanced", metadata: [
                "group": "\(groupID)", "generation": "\(after.generationID)", "state": "\(after.state)",
                "members": "\(after.members.count)", "protocol": "\(after.protocolName ?? "")",
            ])
        }
    }
}

extension GroupCoordinator.State {
    /// Runs one event on a group's machine. A machine left vacant is dropped, so failed
    /// requests for unknown groups leave nothing behind. Nil when the group does not exist
    /// and `create` is false.
    mutating func run<T>(
        _ groupID: String, create: Bool, on coordinator: GroupCoordinator,
        _ event: (inout GroupStateMachine) -> GroupTransition<T>
    ) -> GroupTransition<T>? {
        let before = groups[groupID]
        guard var machine = before ?? (create ? GroupStateMachine(groupID: groupID, configuration: coordinator.configuration) : nil) else {
            return nil
        }
        let transition = event(&machine)
        groups[groupID] = machine.isVacant ? nil : machine
        coordinator.logChange(groupID, from: before, to: machine)
        return transition
    }

    /// Performs a machine's actions: answers waiting requests (collected for resumption
    /// outside the lock) and books timers. Returns whether the timer loop must re-plan.
    mutating func perform(
        _ actions: [GroupAction], groupID: String, into resumptions: inout [GroupCoordinator.Resumption]
    ) -> Bool {
        var timersChanged = false
        for action in actions {
            switch action {
            case .respondJoin(let memberID, let result):
                if let waiter = joinWaiters.removeValue(forKey: .init(groupID: groupID, memberID: memberID)) {
                    resumptions.append(.init(waiter.continuation, result))
                }
            case .respondSync(let memberID, let result):
                if let waiter = syncWaiters.removeValue(forKey: .init(groupID: groupID, memberID: memberID)) {
                    resumptions.append(.init(waiter.continuation, result))
                }
            case .scheduleTimer(let timer, let deadline):
                timers[.init(groupID: groupID, timer: timer)] = deadline
                timersChanged = true
            case .cancelTimer(let timer):
                timers[.init(groupID: groupID, timer: timer)] = nil
            }
        }
        return timersChanged
    }
}
