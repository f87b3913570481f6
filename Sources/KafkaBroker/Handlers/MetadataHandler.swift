import KafkaProtocol
import LogStore

/// Metadata: this broker is the whole cluster, the controller and every partition's only
/// replica. Unknown topics are created when the broker and the request both allow it.
struct MetadataHandler {
    let context: BrokerContext

    func handle(_ request: MetadataRequest, version: Int16) -> MetadataResponse {
        let endpoint = context.endpoint
        var response = MetadataResponse(
            brokers: [.init(nodeID: context.nodeID, host: endpoint.host, port: Int32(clamping: endpoint.port), rack: nil)],
            clusterID: context.configuration.clusterID,
            controllerID: context.nodeID)
        // Before v4 there is no flag and Kafka auto-creates whenever the broker allows it.
        let mayCreate = version < 4 || request.allowAutoTopicCreation
        let wanted: [MetadataRequest.MetadataRequestTopic]
        if let topics = request.topics, !(topics.isEmpty && version == 0) {
            wanted = topics
        } else {
            // Null (v1+) or empty (v0) means every topic.
            wanted = context.logStore.topicNames.map { .init(topicID: .zero, name: $0) }
        }
        response.topics = wanted.map { describe($0, mayCreate: mayCreate, version: version) }
        if version >= 8, request.includeClusterAuthorizedOperations {
            response.clusterAuthorizedOperations = AuthorizedOperations.cluster
        }
        if version >= 8, request.includeTopicAuthorizedOperations {
            for index in response.topics.indices where response.topics[index].errorCode == 0 {
                response.topics[index].topicAuthorizedOperations = AuthorizedOperations.topic
            }
        }
        return response
    }

    private func describe(
        _ topic: MetadataRequest.MetadataRequestTopic, mayCreate: Bool, version: Int16
    ) -> MetadataResponse.MetadataResponseTopic {
        guard let name = topic.name ?? TopicIDs.name(for: topic.topicID, among: context.logStore.topicNames) else {
            // Names are nullable in responses only from v12.
            return .init(errorCode: KafkaErrorCode.unknownTopicID.rawValue, name: version >= 12 ? nil : "", topicID: topic.topicID)
        }
        switch context.partitions(of: name, autoCreate: mayCreate) {
        case .failure(let code):
            return .init(errorCode: code.rawValue, name: name, topicID: .zero)
        case .success(let logs):
            let nodes = [context.nodeID]
            return .init(
                errorCode: 0, name: name, topicID: TopicIDs.id(for: name), isInternal: false,
                partitions: logs.map {
                    .init(
                        errorCode: 0, partitionIndex: $0.partition, leaderID: context.nodeID, leaderEpoch: -1,
                        replicaNodes: nodes, isrNodes: nodes, offlineReplicas: [])
                })
        }
    }
}

/// Bit sets of Kafka ACL operations (AclOperation codes), for clients that ask what they may
/// do. Without authorization everything is allowed.
enum AuthorizedOperations {
    private static func bits(_ operations: [Int32]) -> Int32 {
        operations.reduce(0) { $0 | (1 << $1) }
    }

    /// READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS.
    static let topic = bits([3, 4, 5, 6, 7, 8, 10, 11])
    /// CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE.
    static let cluster = bits([5, 7, 8, 9, 10, 11, 12])
}
