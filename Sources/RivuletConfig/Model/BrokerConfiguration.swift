import RivuletCore

/// The Kafka-protocol log: embedded in this process, or a remote cluster reached via `bootstrap`.
public struct BrokerConfiguration: Hashable, Sendable {
    public enum Mode: String, ConfigChoice {
        case embedded
        case remote
    }

    /// When appended data reaches the disk.
    public enum FsyncPolicy: String, ConfigChoice {
        /// One fsync covers every produce waiting at that moment; acknowledged means durable.
        case groupCommit = "group-commit"
        case always
        /// Every `fsyncInterval`; a crash can lose acknowledged records younger than that.
        case interval
        /// Leave it to the operating system (benchmarks, throwaway data).
        case never = "none"
    }

    public var mode: Mode = .embedded
    public var listen = HostPort(host: "127.0.0.1", port: 9092)
    /// The remote cluster's brokers; required in remote mode, unused in embedded mode.
    public var bootstrap: [HostPort]? = nil
    public var fsync: FsyncPolicy = .groupCommit
    public var fsyncInterval: Duration = .seconds(1)
    public var retention: Duration = .seconds(7 * 86_400)
    public var retentionBytes: ByteCount? = nil
    public var segmentBytes: ByteCount = .mebibytes(256)
    public var segmentAge: Duration = .seconds(7 * 86_400)
    /// Partitions of topics created on first use or listed without `partitions`.
    public var defaultPartitions = 3
    public var autoCreateTopics = true
    public var maxRequestBytes: ByteCount = .mebibytes(100)
    public var maxMessageBytes: ByteCount = .mebibytes(1)
    public var groupInitialRebalanceDelay: Duration = .zero

    public init() {}
}

/// A topic the embedded broker creates at start-up.
public struct TopicConfiguration: Hashable, Sendable {
    public var name: String
    public var partitions: Int
    /// Overrides `broker.retention` for this topic.
    public var retention: Duration?
    /// Overrides `broker.segment_bytes` for this topic.
    public var segmentBytes: ByteCount?

    public init(name: String, partitions: Int = 3, retention: Duration? = nil, segmentBytes: ByteCount? = nil) {
        self.name = name
        self.partitions = partitions
        self.retention = retention
        self.segmentBytes = segmentBytes
    }
}
