/// The streams `rivulet produce` knows, by the names used on the command line and in
/// `rivulet.yml` (`SimulatorConfiguration.Kind` has the same raw values).
public enum SimulatedStream: String, CaseIterable, Sendable {
    /// Seed 000: `iot-metrics`.
    case iot
    /// Seed 003: `iot_smartech`.
    case building
    /// Seed 002: `clickstream`.
    case clickstream
    /// Seed 002: `iot`.
    case platformIoT = "platform-iot"
    /// Seed 004: `vehicle_data`, `gps_data`, `traffic_data`, `weather_data`, `emergency_data`.
    case vehicle

    /// The topic written when none is given; for `vehicle` a template where `{stream}` is
    /// replaced by each stream's name.
    public var defaultTopic: String {
        switch self {
        case .iot: IoTGenerator.defaultTopic
        case .building: BuildingGenerator.defaultTopic
        case .clickstream: ClickstreamGenerator.defaultTopic
        case .platformIoT: PlatformIoTGenerator.defaultTopic
        case .vehicle: VehicleJourneyGenerator.defaultTopicTemplate
        }
    }

    /// A generator for this stream; `topic` nil means `defaultTopic`.
    public func makeGenerator(seed: UInt64, devices: Int, topic: String? = nil) throws(SimulationError) -> any EventGenerator {
        let topic = topic ?? defaultTopic
        switch self {
        case .iot: return try IoTGenerator(seed: seed, devices: devices, topic: topic)
        case .building: return try BuildingGenerator(seed: seed, devices: devices, topic: topic)
        case .clickstream: return try ClickstreamGenerator(seed: seed, devices: devices, topic: topic)
        case .platformIoT: return try PlatformIoTGenerator(seed: seed, devices: devices, topic: topic)
        case .vehicle: return try VehicleJourneyGenerator(seed: seed, devices: devices, topicTemplate: topic)
        }
    }
}
