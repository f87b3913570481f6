/// The shape of a source's JSON events: a built-in schema of one of the seed streams, or fields
/// listed in the file.
public enum SchemaSpec: Hashable, Sendable {
    case named(SchemaName)
    /// In the order written.
    case fields([SchemaField])
}

/// The built-in schemas; these words are reserved for them.
public enum SchemaName: String, ConfigChoice {
    /// Seed 000: device_id, ts (ms), temperature, humidity, battery, status, location.
    case iot
    /// Seed 003: sensor_id, building, room, ts (ms), temperature, humidity, co2.
    case building
    /// Seed 002: event_id, user_id, url, referrer, ua, ts (ms).
    case clickstream
    /// Seed 002: device_id, site, temp_c, humidity, battery, signal_strength, ts (ms).
    case platformIoT = "platform-iot"
    /// Seed 004 streams; each carries `timestamp` as ISO-8601 text.
    case vehicle, gps, traffic, weather, emergency
}

public struct SchemaField: Hashable, Sendable {
    public enum FieldType: String, ConfigChoice {
        case string, int, long, double, bool, timestamp
    }

    public var name: String
    public var type: FieldType

    public init(_ name: String, _ type: FieldType) {
        self.name = name
        self.type = type
    }
}
