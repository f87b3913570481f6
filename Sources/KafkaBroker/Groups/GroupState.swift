/// The states of a classic consumer group, as Apache Kafka names them (DescribeGroups and
/// ListGroups report these names; ListGroups v4 filters by them).
public enum GroupState: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// No members. The group may still have committed offsets.
    case empty = "Empty"
    /// A rebalance started; members must (re)join before the rebalance timeout.
    case preparingRebalance = "PreparingRebalance"
    /// Every member joined; waiting for the leader's assignment in SyncGroup.
    case completingRebalance = "CompletingRebalance"
    /// Assignments are distributed; members heartbeat.
    case stable = "Stable"
    /// Deleted, or unknown to the coordinator.
    case dead = "Dead"

    public var name: String { rawValue }
    public var description: String { rawValue }

    /// Parses a state name the way Kafka does for the ListGroups filter: case-insensitively.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let state = GroupState.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = state
    }
}
