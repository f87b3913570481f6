import KafkaProtocol
import RivuletCore

/// A topic to create.
public struct NewTopic: Hashable, Sendable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int16
    public var configs: [String: String]

    public init(name: String, partitions: Int32 = 1, replicationFactor: Int16 = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// One group as ListGroups reports it.
public struct GroupListing: Hashable, Sendable {
    public var groupID: String
    public var protocolType: String
    /// Empty when the broker's ListGroups version does not report states.
    public var state: String
}

/// A group's members and what each was assigned (DescribeGroups).
public struct GroupDescription: Hashable, Sendable {
    public struct Member: Hashable, Sendable {
        public var memberID: String
        public var groupInstanceID: String?
        public var clientID: String
        public var clientHost: String
        /// Decoded when the group uses the "consumer" protocol; empty otherwise.
        public var assignment: [TopicPartition]
        public var subscribedTopics: [String]
    }

    public var groupID: String
    public var state: String
    public var protocolType: String
    /// The assignor the group chose ("range", "roundrobin", …).
    public var protocolName: String
    public var members: [Member]
}

/// Where a group stands on one partition.
public struct PartitionLag: Hashable, Sendable {
    public var topicPartition: TopicPartition
    /// Nil when the group never committed on this partition.
    public var committed: Offset?
    public var endOffset: Offset
    /// `endOffset - committed`, or the whole partition's end when nothing was committed.
    public var lag: Int64
}
