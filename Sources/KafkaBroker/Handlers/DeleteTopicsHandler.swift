import KafkaProtocol
import LogStore

/// DeleteTopics by name (v0–5) or by name or topic ID (v6).
struct DeleteTopicsHandler {
    let context: BrokerContext

    typealias Result = DeleteTopicsResponse.DeletableTopicResult

    func handle(_ request: DeleteTopicsRequest, version: Int16) -> DeleteTopicsResponse {
        let wanted = version >= 6 ? request.topics : request.topicNames.map { .init(name: $0) }
        return DeleteTopicsResponse(responses: wanted.map { delete($0, version: version) })
    }

    private func delete(_ topic: DeleteTopicsRequest.DeleteTopicState, version: Int16) -> Result {
        guard let name = topic.name ?? TopicIDs.name(for: topic.topicID, among: context.logStore.topicNames) else {
            return Result(name: nil, topicID: topic.topicID, errorCode: KafkaErrorCode.unknownTopicID.rawValue, errorMessage: "no topic has ID \(topic.topicID)")
        }
        do {
            try context.logStore.deleteTopic(name)
            context.producerStates.forget(topic: name)
            context.logger.info("deleted topic", metadata: ["topic": "\(name)"])
            return Result(name: name, topicID: TopicIDs.id(for: name), errorCode: 0, errorMessage: nil)
        } catch {
            return Result(name: name, topicID: topic.topicID, errorCode: KafkaErrorCode(error).rawValue, errorMessage: "\(error)")
        }
    }
}
