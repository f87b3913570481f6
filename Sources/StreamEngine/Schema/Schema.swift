/// How a timestamp field is written in the source JSON. Every unit is normalised to
/// milliseconds since the Unix epoch when decoded, the unit of `Timestamp` and Kafka.
public enum TimeUnit: String, Hashable, Sendable, CaseIterable {
    case milliseconds = "ms"
    case seconds = "s"
    case microseconds = "us"
    /// Text such as `2024-11-03T14:30:00.123Z` or `2024-11-03T21:30:00+07:00`.
    case iso8601
}

/// The type of one field of a source event.
public enum FieldType: Hashable, Sendable, CustomStringConvertible {
    case int64
    case double
    case string
    case bool
    /// Stored as Int64 milliseconds since the epoch, whatever the unit in the JSON.
    case timestamp(TimeUnit)

    public var description: String {
        switch self {
        case .int64: "int64"
        case .double: "double"
        case .string: "string"
        case .bool: "bool"
        case .timestamp(let unit): "timestamp(\(unit.rawValue))"
        }
    }

    /// Whether the decoded values live in an Int64 column.
    var isInt64Backed: Bool {
        switch self {
        case .int64, .timestamp: true
        default: false
        }
    }

    var isNumeric: Bool {
        switch self {
        case .int64, .double, .timestamp: true
        case .string, .bool: false
        }
    }
}

public struct Field: Hashable, Sendable {
    public var name: String
    public var type: FieldType
    /// A record without this field (or with `null`) is dead-lettered.
    public var isRequired: Bool

    public init(_ name: String, _ type: FieldType, required: Bool = true) {
        self.name = name
        self.type = type
        self.isRequired = required
    }
}

/// The typed shape of a source's JSON events. Keys that are not fields are skipped, whatever
/// their value; fields may come in any order.
public struct Schema: Hashable, Sendable {
    public var fields: [Field]

    public init(_ fields: [Field]) { self.fields = fields }

    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    public subscript(name: String) -> Field? { index(of: name).map { fields[$0] } }

    /// A canonical text for fingerprints: names, types and requiredness in order.
    var canonicalText: String {
        fields.map { "\($0.name):\($0.type)\($0.isRequired ? "!" : "?")" }.joined(separator: ",")
    }
}
