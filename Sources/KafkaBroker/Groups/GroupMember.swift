import NIOCore

/// One protocol a member supports (for consumers: an assignor such as "range" or
/// "cooperative-sticky") with the member's metadata for it (its subscription).
public struct GroupProtocol: Hashable, Sendable {
    public var name: String
    public var metadata: ByteBuffer

    public init(name: String, metadata: ByteBuffer = ByteBuffer()) {
        self.name = name
        self.metadata = metadata
    }
}

/// A member of a consumer group as the coordinator tracks it. Owned by its
/// `GroupStateMachine`; callers see copies.
public struct GroupMember: Hashable, Sendable {
    public internal(set) var memberID: String
    /// Static membership (KIP-345): a member that rejoins with the same instance id takes
    /// over this member's slot and assignment instead of forcing a rebalance.
    public internal(set) var groupInstanceID: String?
    public internal(set) var clientID: String
    public internal(set) var clientHost: String
    public internal(set) var sessionTimeout: Duration
    public internal(set) var rebalanceTimeout: Duration
    public internal(set) var protocolType: String
    /// In the member's order of preference.
    public internal(set) var protocols: [GroupProtocol]
    /// What the leader assigned in the current generation; empty until then.
    public internal(set) var assignment: ByteBuffer = ByteBuffer()
    /// A JoinGroup of this member is waiting for the join phase to complete.
    public internal(set) var isAwaitingJoin = false
    /// A SyncGroup of this member is waiting for the leader's assignment.
    public internal(set) var isAwaitingSync = false
    /// When the session expires unless the member shows up; nil while the member waits in a
    /// join or sync (the rebalance timeout covers it then, as in Kafka).
    public internal(set) var sessionDeadline: GroupInstant?

    init(memberID: String, join: GroupJoin) {
        self.memberID = memberID
        self.groupInstanceID = join.groupInstanceID
        self.clientID = join.clientID
        self.clientHost = join.clientHost
        self.sessionTimeout = join.sessionTimeout
        self.rebalanceTimeout = join.rebalanceTimeout
        self.protocolType = join.protocolType
        self.protocols = join.protocols
    }

    func supports(_ protocolName: String) -> Bool { protocols.contains { $0.name == protocolName } }

    func metadata(for protocolName: String?) -> ByteBuffer {
        protocols.first { $0.name == protocolName }?.metadata ?? ByteBuffer()
    }

    /// Whether a rejoin changes nothing the leader would assign differently.
    func matches(_ other: [GroupProtocol]) -> Bool { protocols == other }

    mutating func update(from join: GroupJoin) {
        clientID = join.clientID
        clientHost = join.clientHost
        sessionTimeout = join.sessionTimeout
        rebalanceTimeout = join.rebalanceTimeout
        protocolType = join.protocolType
        protocols = join.protocols
    }
}
