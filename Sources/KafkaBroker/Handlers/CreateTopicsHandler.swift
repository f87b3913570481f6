import KafkaProtocol
import LogStore

/// CreateTopics: numPartitions -1 means the default; the replication factor must be -1 or 1
/// on one broker; configs map onto `LogTopicConfiguration`. `validateOnly` checks everything
/// and creates nothing.
struct CreateTopicsHandler {
    let context: BrokerContext

    typealias Result = CreateTopicsResponse.CreatableTopicResult

    func handle(_ request: CreateTopicsRequest, version: Int16) -> CreateTopicsResponse {
        var counts: [String: Int] = [:]
        for topic in request.topics { counts[topic.name, default: 0] += 1 }
        return CreateTopicsResponse(
            topics: request.topics.map { topic in
                guard counts[topic.name] == 1 else {
                    return failure(topic.name, .invalidRequest, "topic `\(topic.name)` appears more than once in the request")
                }
                return create(topic, validateOnly: request.validateOnly)
            })
    }

    private func create(_ topic: CreateTopicsRequest.CreatableTopic, validateOnly: Bool) -> Result {
        if let problem = TopicName.problem(topic.name) { return failure(topic.name, .invalidTopicException, problem) }
        if context.logStore.partitions(of: topic.name) != nil {
            return failure(topic.name, .topicAlreadyExists, "topic `\(topic.name)` already exists")
        }
        let partitions = topic.assignments.isEmpty
            ? (topic.numPartitions == -1 ? context.configuration.defaultPartitions : topic.numPartitions)
            : Int32(clamping: topic.assignments.count)
        guard partitions >= 1, partitions <= 10_000 else {
            return failure(topic.name, .invalidPartitions, "a topic needs between 1 and 10000 partitions, not \(partitions)")
        }
        guard topic.replicationFactor == -1 || topic.replicationFactor == 1 || !topic.assignments.isEmpty else {
            return failure(
                topic.name, .invalidReplicationFactor,
                "replication factor \(topic.replicationFactor) is larger than the 1 broker available")
        }
        if let bad = topic.assignments.first(where: { $0.brokerIDs != [context.nodeID] }) {
            return failure(topic.name, .invalidReplicaAssignment, "partition \(bad.partitionIndex) must be assigned to broker \(context.nodeID) only")
        }
        let defaults = context.logStore.configuration.topicDefaults
        let configuration: LogTopicConfiguration
        switch TopicConfigMapping.apply(topic.configs.map { ($0.name, $0.value) }, to: defaults) {
        case .failure(let problem): return failure(topic.name, .invalidConfig, problem.message)
        case .success(let applied): configuration = applied
        }
        if !validateOnly {
            do {
                try context.logStore.createTopic(topic.name, partitions: partitions, configuration: configuration)
                context.producerStates.forget(topic: topic.name)
                context.logger.info("created topic", metadata: ["topic": "\(topic.name)", "partitions": "\(partitions)"])
            } catch {
                return failure(topic.name, KafkaErrorCode(error), "\(error)")
            }
        }
        return Result(
            name: topic.name, topicID: TopicIDs.id(for: topic.name), errorCode: 0, errorMessage: nil,
            numPartitions: partitions, replicationFactor: 1,
            configs: TopicConfigMapping.describe(configuration, defaults: defaults, maxMessageBytes: context.maxMessageBytes).map {
                .init(name: $0.name, value: $0.value, readOnly: false, configSource: $0.isDefault ? 5 : 1, isSensitive: false)
            })
    }

    private func failure(_ name: String, _ code: KafkaErrorCode, _ message: String) -> Result {
        Result(name: name, errorCode: code.rawValue, errorMessage: message, topicConfigErrorCode: 0, configs: nil)
    }
}
