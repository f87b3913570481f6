import RivuletCore

/// How appends reach the disk (DESIGN §6: acknowledged means durable).
public enum FsyncPolicy: Hashable, Sendable {
    /// Appends that need durability wait for a shared fsync; one fsync serves every append
    /// that arrived while the previous one ran. The default.
    case groupCommit
    /// Every append is fsynced before it returns.
    case always
    /// A background fsync every interval; appends never wait.
    case interval(Duration)
    /// No fsync until close; for benchmarks and throwaway data.
    case none
}

/// Places in the write path where tests inject failures (disk full, permission denied).
public enum FaultPoint: String, Sendable {
    case append, fsync, roll, indexWrite, offsetsCommit
}

/// Settings of the embedded log. Defaults match DESIGN §2's `broker:` section.
public struct LogStoreConfiguration: Sendable {
    /// Directory holding `<topic>-<partition>/` folders (`data/log`).
    public var directory: String
    public var fsync: FsyncPolicy = .groupCommit
    /// Defaults for topics that set nothing themselves.
    public var topicDefaults = LogTopicConfiguration()
    /// One index entry per this many bytes of log (Kafka's index.interval.bytes).
    public var indexIntervalBytes: Int = 4096
    /// Largest single batch accepted; larger ones are refused before any write.
    public var maxBatchBytes: Int = 16 << 20
    /// Test hook: called before each faultable operation; throwing simulates the failure.
    public var faultInjector: (@Sendable (FaultPoint) throws -> Void)?

    public init(directory: String) {
        self.directory = directory
    }
}

/// Per-topic settings, persisted with the topic (Kafka's topic configs).
public struct LogTopicConfiguration: Hashable, Sendable, Codable {
    public var segmentBytes: Int64 = 256 << 20
    /// A segment older than this rolls even if not full (Kafka's segment.ms).
    public var segmentAgeMilliseconds: Int64 = 7 * 86_400_000
    /// Segments whose newest record is older than this are deleted; nil keeps them forever.
    public var retentionMilliseconds: Int64? = 7 * 86_400_000
    /// Oldest segments are deleted while the partition is larger than this.
    public var retentionBytes: Int64?

    public init() {}
}
