/// A topic of the log as the topic browser lists it.
public struct DashboardTopic: Codable, Hashable, Sendable {
    public var name: String
    public var partitions: [DashboardPartition]

    public init(name: String, partitions: [DashboardPartition]) {
        self.name = name
        self.partitions = partitions
    }
}

/// One partition's offsets (Kafka's log start offset and high watermark).
public struct DashboardPartition: Codable, Hashable, Sendable {
    public var partition: Int32
    public var logStartOffset: Int64
    public var highWatermark: Int64

    public init(partition: Int32, logStartOffset: Int64, highWatermark: Int64) {
        self.partition = partition
        self.logStartOffset = logStartOffset
        self.highWatermark = highWatermark
    }
}

/// One record of a partition; key and value are shown as text (lossy UTF-8), truncated by the source.
public struct DashboardMessage: Codable, Hashable, Sendable {
    public var offset: Int64
    /// Record timestamp, epoch milliseconds.
    public var timestamp: Int64
    public var key: String?
    public var value: String?

    public init(offset: Int64, timestamp: Int64, key: String?, value: String?) {
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
    }
}
