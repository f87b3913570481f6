/// The built-in schemas of the simulator streams (DESIGN §5), by the names the config uses.
public enum SchemaPresets {
    /// Seed 000, topic `iot-metrics`:
    /// `{"device_id":"device-3fa2c1d0","ts":1730638574123,"temperature":24.7,"humidity":55.3,
    ///   "battery":82.5,"status":"ok","location":"lab"}`.
    public static let iot = Schema([
        Field("device_id", .string),
        Field("ts", .timestamp(.milliseconds)),
        Field("temperature", .double),
        Field("humidity", .double),
        Field("battery", .double),
        Field("status", .string, required: false),
        Field("location", .string, required: false),
    ])

    /// Seed 003 building sensors.
    public static let building = Schema([
        Field("sensor_id", .string),
        Field("building", .string),
        Field("room", .string),
        Field("ts", .timestamp(.milliseconds)),
        Field("temperature", .double, required: false),
        Field("humidity", .double, required: false),
        Field("co2", .double, required: false),
    ])

    /// Seed 002 clickstream.
    public static let clickstream = Schema([
        Field("event_id", .string),
        Field("user_id", .string),
        Field("url", .string),
        Field("referrer", .string, required: false),
        Field("ua", .string, required: false),
        Field("ts", .timestamp(.milliseconds)),
    ])

    /// Seed 002 platform IoT.
    public static let platformIoT = Schema([
        Field("device_id", .string),
        Field("site", .string),
        Field("temp_c", .double, required: false),
        Field("humidity", .double, required: false),
        Field("battery", .double, required: false),
        Field("signal_strength", .double, required: false),
        Field("ts", .timestamp(.milliseconds)),
    ])

    /// Seed 004 streams carry `timestamp` as ISO-8601 text plus stream-specific fields, which
    /// are optional here so that a simulator adding a field never dead-letters a stream.
    public static func journey(_ fields: [Field]) -> Schema {
        Schema([Field("timestamp", .timestamp(.iso8601))] + fields)
    }

    public static let vehicle = journey([
        Field("vehicle_id", .string), Field("speed", .double, required: false),
        Field("fuel_level", .double, required: false), Field("engine_temperature", .double, required: false),
    ])
    public static let gps = journey([
        Field("vehicle_id", .string), Field("latitude", .double), Field("longitude", .double),
        Field("altitude", .double, required: false),
    ])
    public static let traffic = journey([
        Field("camera_id", .string, required: false), Field("location", .string, required: false),
        Field("snapshot", .string, required: false),
    ])
    public static let weather = journey([
        Field("location", .string, required: false), Field("temperature", .double, required: false),
        Field("humidity", .double, required: false), Field("weather_condition", .string, required: false),
    ])
    public static let emergency = journey([
        Field("incident_id", .string, required: false), Field("type", .string, required: false),
        Field("status", .string, required: false), Field("location", .string, required: false),
    ])

    /// By the config's `schema:` word.
    public static func named(_ name: String) -> Schema? {
        switch name {
        case "iot": iot
        case "building": building
        case "clickstream": clickstream
        case "platform-iot": platformIoT
        case "vehicle": vehicle
        case "gps": gps
        case "traffic": traffic
        case "weather": weather
        case "emergency": emergency
        default: nil
        }
    }
}
