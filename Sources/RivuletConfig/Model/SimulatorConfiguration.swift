/// A built-in generator of one of the seed streams, producing into the log.
public struct SimulatorConfiguration: Hashable, Sendable {
    public enum Kind: String, ConfigChoice {
        /// Seed 000 lab devices: temperature, humidity, battery, status, location.
        case iot
        /// Seed 003 building sensors: temperature, humidity, CO2 per building and room.
        case building
        /// Seed 002 page views.
        case clickstream
        /// Seed 002 site telemetry (temp_c, signal_strength, …).
        case platformIoT = "platform-iot"
        /// Seed 004 journey: five streams (vehicle, gps, traffic, weather, emergency) at once.
        case vehicle

        /// The topic a simulator of this kind writes to when the file does not say.
        public var defaultTopic: String {
            switch self {
            case .iot: "iot-metrics"
            case .building: "iot_smartech"
            case .clickstream: "clickstream"
            case .platformIoT: "iot"
            case .vehicle: "\(SimulatorConfiguration.streamPlaceholder)_data"
            }
        }

        /// The streams one simulator emits; only the vehicle journey has more than one.
        public var streams: [String] {
            self == .vehicle ? ["vehicle", "gps", "traffic", "weather", "emergency"] : [rawValue]
        }
    }

    /// Replaced by each stream's name in a vehicle simulator's topic: `{stream}_data` → `gps_data`.
    public static let streamPlaceholder = "{stream}"

    public var kind: Kind
    public var topic: String
    /// Devices (users for clickstream, vehicles for the journey), each with its own key.
    public var devices = 8
    /// Events per second per device.
    public var rate = 4.0
    /// Random variation of the gap between events, as a fraction of it (0 = metronome).
    public var jitter = 0.3
    /// Fixes the random sequence so that runs can be compared; nil picks one per run.
    public var seed: UInt64? = nil
    /// Fraction of events stamped up to `lateMax` in the past, to exercise late handling.
    public var lateRatio = 0.0
    public var lateMax: Duration = .seconds(300)
    /// Fraction of events sent out of event-time order within a device.
    public var outOfOrder = 0.0
    public var duplicateRatio = 0.0
    /// Fraction of events that are not valid JSON for the schema, to exercise the dead-letter topic.
    public var malformedRatio = 0.0
    /// Stop after this many events in total; nil runs until stopped.
    public var count: Int? = nil
    /// Stop after this long; nil runs until stopped.
    public var duration: Duration? = nil

    public init(kind: Kind, topic: String? = nil, devices: Int = 8, rate: Double = 4.0, jitter: Double = 0.3) {
        self.kind = kind
        self.topic = topic ?? kind.defaultTopic
        self.devices = devices
        self.rate = rate
        self.jitter = jitter
    }

    /// The topic for one of `kind.streams`.
    public func topic(forStream stream: String) -> String {
        topic.replacing(Self.streamPlaceholder, with: stream)
    }

    /// Every topic this simulator writes to.
    public var topics: [String] { kind.streams.map(topic(forStream:)) }
}
