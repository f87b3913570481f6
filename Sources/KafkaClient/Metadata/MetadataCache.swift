import KafkaProtocol

/// One partition as metadata describes it.
public struct PartitionMetadata: Hashable, Sendable {
    public var partition: Int32
    /// Node ID of the leader; nil while the partition has none (election in progress).
    public var leader: Int32?
    public var leaderEpoch: Int32
    public var replicas: [Int32]
    public var inSyncReplicas: [Int32]
    public var error: KafkaErrorCode
}

public struct TopicMetadata: Hashable, Sendable {
    public var name: String
    public var isInternal: Bool
    public var partitions: [PartitionMetadata]
    public var error: KafkaErrorCode
}

public struct BrokerMetadata: Hashable, Sendable {
    public var nodeID: Int32
    public var address: BrokerAddress
    public var rack: String?
}

/// What the client knows about the cluster: brokers, the controller, topics with their
/// partitions and leaders. Pure; `KafkaCluster` owns one and refreshes it.
public struct MetadataCache: Hashable, Sendable {
    public private(set) var brokers: [Int32: BrokerMetadata] = [:]
    public private(set) var controllerID: Int32?
    public private(set) var clusterID: String?
    public private(set) var topics: [String: TopicMetadata] = [:]

    public init() {}

    /// Merges a response. Topics in it replace ours; when `allTopics` is set (the request asked
    /// for every topic), topics missing from it are forgotten (they were deleted).
    public mutating func update(from response: MetadataResponse, allTopics: Bool) {
        if !response.brokers.isEmpty {
            brokers = [:]
            for broker in response.brokers {
                brokers[broker.nodeID] = BrokerMetadata(
                    nodeID: broker.nodeID, address: BrokerAddress(host: broker.host, port: Int(broker.port)),
                    rack: broker.rack)
            }
        }
        controllerID = response.controllerID >= 0 ? response.controllerID : nil
        clusterID = response.clusterID ?? clusterID
        if allTopics { topics = [:] }
        for topic in response.topics {
            guard let name = topic.name else { continue }
            let error = KafkaErrorCode(topic.errorCode)
            guard error == .none else {
                topics[name] = nil
                continue
            }
            let partitions = topic.partitions.map { p in
                PartitionMetadata(
                    partition: p.partitionIndex, leader: p.leaderID >= 0 ? p.leaderID : nil, leaderEpoch: p.leaderEpoch,
                    replicas: p.replicaNodes, inSyncReplicas: p.isrNodes, error: KafkaErrorCode(p.errorCode))
            }.sorted { $0.partition < $1.partition }
            topics[name] = TopicMetadata(name: name, isInternal: topic.isInternal, partitions: partitions, error: error)
        }
    }

    public func partitionCount(of topic: String) -> Int? {
        guard let count = topics[topic]?.partitions.count, count > 0 else { return nil }
        return count
    }

    public func leader(of tp: TopicPartition) -> BrokerMetadata? {
        guard let partition = topics[tp.topic]?.partitions.first(where: { $0.partition == tp.partition }),
            let leader = partition.leader
        else { return nil }
        return brokers[leader]
    }

    public func partitions(of topic: String) -> [TopicPartition] {
        (topics[topic]?.partitions ?? []).map { TopicPartition(topic, $0.partition) }
    }
}
