/// A point in coordinator time: the elapsed duration since the coordinator's clock origin.
///
/// The state machines are pure, so they never read a clock; the owner passes `now` with every
/// event. A concrete type (rather than a generic `Clock.Instant`) keeps `GroupStateMachine`
/// non-generic while the coordinator still runs on any injected `Clock<Duration>`.
public struct GroupInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var sinceOrigin: Duration

    public init(_ sinceOrigin: Duration) { self.sinceOrigin = sinceOrigin }

    public static let origin = GroupInstant(.zero)

    public func advanced(by duration: Duration) -> GroupInstant { GroupInstant(sinceOrigin + duration) }
    public func duration(to other: GroupInstant) -> Duration { other.sinceOrigin - sinceOrigin }

    public static func < (a: GroupInstant, b: GroupInstant) -> Bool { a.sinceOrigin < b.sinceOrigin }
    public static func + (a: GroupInstant, d: Duration) -> GroupInstant { a.advanced(by: d) }

    public var description: String { "t+\(sinceOrigin)" }
}

/// The timers a group asks its owner to run. One deadline per timer: scheduling a timer that
/// is already scheduled moves it.
public enum GroupTimer: Hashable, Sendable {
    /// A member's (or pending member's) session: it must heartbeat, join or sync before this.
    case session(memberID: String)
    /// The end of the join phase of a rebalance: members that have not rejoined are dropped.
    case rebalance
    /// The end of the initial-rebalance delay of a group that was empty.
    case initialDelay
}
