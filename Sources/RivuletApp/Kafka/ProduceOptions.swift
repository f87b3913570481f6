import KafkaProtocol
import RivuletConfig
import RivuletCore
import Simulation

/// What `rivulet produce STREAM` generates: seed 000's flags and the fault options, with
/// defaults from the config's simulator of the same kind (else seed 000's 8 devices at 4/s).
public struct ProduceOptions: Sendable {
    public var stream: SimulatedStream
    /// Nil: the stream's default topic (a `{stream}` template for vehicle).
    public var topic: String?
    public var devices: Int
    public var rate: EventSchedule.Rate
    public var jitter: Double
    public var seed: UInt64
    public var limits: SimulationLimits
    public var faults: FaultConfiguration
    /// Partitions for topics this run creates (the config's `topics:` entry, else the broker default).
    public var partitions: [String: Int] = [:]
    public var defaultPartitions: Int
    /// Where camera snapshots go: `<lake root>/_objects/…`.
    public var lakeRoot: String
    public var progressInterval: Duration = .seconds(10)
    public var progressFormat: ProduceProgressFormat = .text
    /// Codec of the batches sent (any of Kafka's; zstd needs the system libzstd).
    public var compression: CompressionCodec = .lz4

    public init(stream: SimulatedStream, config: RivuletConfiguration) {
        let base = config.simulators.first { $0.kind.rawValue == stream.rawValue }
        self.stream = stream
        topic = base?.topic
        devices = base?.devices ?? 8
        rate = .perSecond(base?.rate ?? 4.0)
        jitter = base?.jitter ?? 0.3
        seed = base?.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        limits = SimulationLimits(count: base?.count, duration: base?.duration)
        faults = FaultConfiguration(
            lateRatio: base?.lateRatio ?? 0, lateMax: base?.lateMax ?? .seconds(300),
            outOfOrderRatio: base?.outOfOrder ?? 0, duplicateRatio: base?.duplicateRatio ?? 0,
            malformedRatio: base?.malformedRatio ?? 0)
        for topic in config.topics { partitions[topic.name] = topic.partitions }
        defaultPartitions = config.broker.defaultPartitions
        lakeRoot = DataDirectory(config).lake(config)
    }

    /// Sets `compression` from its Kafka name (none, gzip, snappy, lz4, zstd); false for any other.
    public mutating func setCompression(named name: String) -> Bool {
        guard let codec = CompressionCodec.allCases.first(where: { "\($0)" == name }) else { return false }
        compression = codec
        return true
    }
}

/// What a `rivulet produce` run did, for its last line and exit code.
public struct ProduceTotals: Sendable, CustomStringConvertible {
    public var sent: Int
    public var acknowledged: Int
    public var errors: Int
    public var faults: [String: Int]
    public var elapsed: Duration

    public var rate: Double {
        let seconds = elapsed / .seconds(1)
        return seconds > 0 ? Double(acknowledged) / seconds : 0
    }

    public var description: String {
        let injected = faults.keys.sorted().map { "\($0)=\(faults[$0] ?? 0)" }.joined(separator: " ")
        return "sent \(sent), acknowledged \(acknowledged), errors \(errors) in \((elapsed / .seconds(1) * 10).rounded() / 10)s"
            + " (\(Int(rate.rounded())) events/s)" + (injected.isEmpty ? "" : "; faults: \(injected)")
    }
}
