import KafkaProtocol
import LogStore

extension BrokerContext {
    /// The partitions of `topic`, creating the topic with the default partition count when
    /// `autoCreate` allows and auto-creation is on. Errors are the codes Kafka answers with.
    func partitions(of topic: String, autoCreate: Bool) -> KafkaOutcome<[PartitionLog]> {
        if let logs = logStore.partitions(of: topic) { return .success(logs) }
        if TopicName.problem(topic) != nil { return .failure(.invalidTopicException) }
        guard autoCreate, configuration.autoCreateTopics else { return .failure(.unknownTopicOrPartition) }
        do {
            try logStore.createTopic(topic, partitions: max(1, configuration.defaultPartitions))
            logger.info("auto-created topic", metadata: ["topic": "\(topic)"])
        } catch let error as LogStoreError where error.code == .topicAlreadyExists {
            // Another request created it first; use theirs.
        } catch {
            logger.warning("auto-creating a topic failed", metadata: ["topic": "\(topic)", "error": "\(error)"])
            return .failure(KafkaErrorCode(error))
        }
        return logStore.partitions(of: topic).map { .success($0) } ?? .failure(.unknownTopicOrPartition)
    }
}

extension KafkaErrorCode {
    /// The Kafka error code for a log failure, for per-partition and per-topic answers.
    init(_ error: any Error) {
        guard let error = error as? LogStoreError else {
            self = .unknownServerError
            return
        }
        switch error.code {
        case .offsetOutOfRange: self = .offsetOutOfRange
        case .unknownTopicOrPartition: self = .unknownTopicOrPartition
        case .topicAlreadyExists: self = .topicAlreadyExists
        case .invalidTopic: self = .invalidTopicException
        case .invalidPartitions: self = .invalidPartitions
        case .invalidBatch: self = .corruptMessage
        case .batchTooLarge: self = .messageTooLarge
        // A closed partition belongs to a topic being deleted or a broker shutting down;
        // NOT_LEADER makes clients refresh metadata and retry, which is what they should do.
        case .closed: self = .notLeaderOrFollower
        case .diskFull, .io, .permissionDenied, .corruptSegment: self = .kafkaStorageError
        default: self = .unknownServerError
        }
    }
}
