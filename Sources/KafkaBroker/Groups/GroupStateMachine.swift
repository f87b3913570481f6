/// The membership of one classic consumer group (Kafka's `GroupMetadata` plus the join and
/// sync logic of its group coordinator), as a pure state machine.
///
/// Every event takes `now` and returns a `GroupTransition`: the reply to the caller and the
/// `GroupAction`s its owner performs (answer waiting joins and syncs, run timers). It never
/// reads a clock, does I/O or keeps continuations, so tests drive it step by step.
///
/// States and transitions follow Kafka: Empty → PreparingRebalance (first join) →
/// CompletingRebalance (every known member joined, or the rebalance timeout passed) → Stable
/// (the leader's SyncGroup carried the assignment) → PreparingRebalance (a join, leave or
/// session expiry) … Empty when the last member goes.
public struct GroupStateMachine: Sendable {
    public let groupID: String
    public let configuration: GroupCoordinatorConfiguration
    public internal(set) var state: GroupState = .empty
    /// Incremented when a join phase completes; 0 for a group that never had one.
    public internal(set) var generationID: Int32 = 0
    /// The protocol type (e.g. "consumer") the members share; kept after they leave.
    public internal(set) var protocolType: String?
    /// The protocol chosen for the current generation.
    public internal(set) var protocolName: String?
    public internal(set) var leaderID: String?
    /// In the order they joined; that order is the leader's fallback and the member list's.
    public internal(set) var members: [GroupMember] = []
    /// Members that were given an id with MEMBER_ID_REQUIRED and have not rejoined yet, with
    /// their session deadlines. A join phase waits for them, as Kafka's does.
    public internal(set) var pendingMembers: [String: GroupInstant] = [:]

    /// Deadline of the join or sync phase in progress.
    var rebalanceDeadline: GroupInstant?
    var initialDelay: InitialDelay?

    struct InitialDelay: Sendable {
        var deadline: GroupInstant
        /// When the rebalance started; the delay is never extended past the rebalance timeout.
        var phaseStart: GroupInstant
        var newMemberAdded = false
    }

    public init(groupID: String, configuration: GroupCoordinatorConfiguration = GroupCoordinatorConfiguration()) {
        self.groupID = groupID
        self.configuration = configuration
    }

    /// A group nobody has used: not worth keeping after an event that failed.
    public var isVacant: Bool {
        state == .empty && members.isEmpty && pendingMembers.isEmpty && generationID == 0
    }

    /// Whether DeleteGroups may remove it.
    public var isDeletable: Bool { (state == .empty || state == .dead) && members.isEmpty && pendingMembers.isEmpty }

    public func member(_ memberID: String) -> GroupMember? { members.first { $0.memberID == memberID } }

    func index(of memberID: String) -> Int? { members.firstIndex { $0.memberID == memberID } }

    func staticMemberID(for instanceID: String) -> String? {
        members.first { $0.groupInstanceID == instanceID }?.memberID
    }

    /// A static member is fenced when its instance id now belongs to a newer member id
    /// (another process took over the instance).
    func isFenced(memberID: String, instanceID: String?) -> Bool {
        guard let instanceID, let owner = staticMemberID(for: instanceID) else { return false }
        return owner != memberID
    }

    /// The largest rebalance timeout of the members: how long a join phase may wait.
    var rebalanceTimeout: Duration {
        members.map(\.rebalanceTimeout).max() ?? .zero
    }

    /// Whether a member with these protocols can be in the group with everyone except
    /// `excluded`: same protocol type and at least one protocol all of them support.
    func supports(protocolType type: String, protocols: [GroupProtocol], excluding excluded: String?) -> Bool {
        let others = members.filter { $0.memberID != excluded }
        guard !others.isEmpty else { return !type.isEmpty && !protocols.isEmpty }
        guard type == protocolType else { return false }
        return protocols.contains { p in others.allSatisfy { $0.supports(p.name) } }
    }

    /// Restarts a member's session clock after it showed a sign of life.
    mutating func refreshSession(at index: Int, now: GroupInstant, _ actions: inout [GroupAction]) {
        let deadline = now + members[index].sessionTimeout
        members[index].sessionDeadline = deadline
        actions.append(.scheduleTimer(.session(memberID: members[index].memberID), at: deadline))
    }

    /// What a member learns about the current generation; the leader also gets the members.
    func currentGenerationResult(for memberID: String) -> JoinResult {
        let isLeader = memberID == leaderID
        return JoinResult(
            errorCode: .none, generationID: generationID, protocolType: protocolType, protocolName: protocolName,
            leaderID: leaderID ?? "", memberID: memberID,
            members: isLeader
                ? members.map { .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, metadata: $0.metadata(for: protocolName)) }
                : [])
    }

    /// Removes a member and answers its waiting requests with UNKNOWN_MEMBER_ID; no rebalance.
    mutating func removeMember(at index: Int, _ actions: inout [GroupAction]) {
        let removed = members.remove(at: index)
        if removed.isAwaitingJoin { actions.append(.respondJoin(memberID: removed.memberID, .error(.unknownMemberID, memberID: removed.memberID))) }
        if removed.isAwaitingSync { actions.append(.respondSync(memberID: removed.memberID, .error(.unknownMemberID))) }
        actions.append(.cancelTimer(.session(memberID: removed.memberID)))
        if leaderID == removed.memberID {
            // Prefer a member that already rejoined, so a completing join has a leader that
            // receives the member list.
            leaderID = (members.first { $0.isAwaitingJoin } ?? members.first)?.memberID
        }
    }

    /// Removes a member (leave or session expiry) and moves the group on: the others must
    /// rejoin, or a join phase may now be complete.
    mutating func removeMemberAndUpdateGroup(at index: Int, now: GroupInstant, _ actions: inout [GroupAction]) {
        removeMember(at: index, &actions)
        switch state {
        case .stable, .completingRebalance:
            prepareRebalance(now: now, &actions)
            tryCompleteJoin(now: now, &actions)
        case .preparingRebalance:
            tryCompleteJoin(now: now, &actions)
        case .empty, .dead:
            break
        }
    }

    mutating func removePendingMember(_ memberID: String, now: GroupInstant, _ actions: inout [GroupAction]) {
        guard pendingMembers.removeValue(forKey: memberID) != nil else { return }
        actions.append(.cancelTimer(.session(memberID: memberID)))
        tryCompleteJoin(now: now, &actions)
    }
}
