import RivuletCore

/// One typed value at the edges of the engine: in output rows, late events and dead letters.
/// The inner loops never use it; they read typed columns.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case int64(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case timestamp(Timestamp)

    public var description: String {
        switch self {
        case .null: "null"
        case .int64(let v): String(v)
        case .double(let v): String(v)
        case .string(let v): v
        case .bool(let v): String(v)
        case .timestamp(let t): ISO8601Text.format(milliseconds: t.milliseconds)
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int64(let v): Double(v)
        case .double(let v): v
        case .timestamp(let t): Double(t.milliseconds)
        default: nil
        }
    }

    public var int64Value: Int64? {
        switch self {
        case .int64(let v): v
        case .timestamp(let t): t.milliseconds
        default: nil
        }
    }
}

