/// A position in a Kafka partition's log. Never a sentinel: "latest" and "earliest" are
/// `OffsetSpec` cases, not negative offsets.
public struct Offset: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int64
    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public static func < (a: Offset, b: Offset) -> Bool { a.rawValue < b.rawValue }
    @inlinable public static func + (a: Offset, n: Int64) -> Offset { Offset(a.rawValue + n) }
    public var description: String { String(rawValue) }
    public static let zero = Offset(0)
}

/// A record timestamp: milliseconds since the Unix epoch, as Kafka stores them.
public struct Timestamp: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int64
    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(milliseconds: Int64) { self.rawValue = milliseconds }
    public var milliseconds: Int64 { rawValue }
    @inlinable public static func < (a: Timestamp, b: Timestamp) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "\(rawValue)ms" }
}

/// Where to start reading a partition.
public enum OffsetSpec: Hashable, Sendable {
    case earliest
    case latest
    case timestamp(Timestamp)
    case exact(Offset)
}
