/// Settings of a `KafkaConsumer`; defaults follow Kafka's Java consumer where they apply.
public struct KafkaConsumerConfiguration: Sendable {
    public enum OffsetReset: Sendable {
        case earliest, latest
        /// Fail instead of guessing when there is no committed offset (or it is out of range).
        case none
    }

    public enum AssignmentStrategy: String, Sendable, CaseIterable {
        case range = "range"
        case roundRobin = "roundrobin"
    }

    public var client: KafkaClientConfiguration
    /// Needed for `subscribe` and for committing; nil for a pure `assign` reader.
    public var groupID: String?
    public var autoOffsetReset: OffsetReset = .latest
    public var enableAutoCommit = true
    public var autoCommitInterval: Duration = .seconds(5)
    public var sessionTimeout: Duration = .seconds(45)
    /// How long the coordinator waits for members to rejoin during a rebalance.
    public var rebalanceTimeout: Duration = .seconds(60)
    public var heartbeatInterval: Duration = .seconds(3)
    /// Preference order sent in JoinGroup; the group uses the first all members support.
    public var assignmentStrategies: [AssignmentStrategy] = [.range, .roundRobin]
    public var fetchMaxWait: Duration = .milliseconds(500)
    public var fetchMinBytes: Int32 = 1
    public var fetchMaxBytes: Int32 = 50 * 1024 * 1024
    public var maxPartitionFetchBytes: Int32 = 1024 * 1024
    /// Fetched partition chunks held for the application; the fetcher waits when full.
    public var maxBufferedFetches = 16
    public var checkCRCs = true
    /// Cap on one decompressed batch, against decompression bombs.
    public var maxDecompressedBatchBytes = RecordCompression.defaultMaxDecompressedBytes
    /// Told about revoked, assigned and lost partitions in group mode; see the protocol.
    public var rebalanceListener: (any ConsumerRebalanceListener)?

    public init(client: KafkaClientConfiguration, groupID: String? = nil) {
        self.client = client
        self.groupID = groupID
    }
}
