import KafkaProtocol
import LogStore

/// CreatePartitions: grows a topic to `count` partitions; `validateOnly` only checks.
struct CreatePartitionsHandler {
    let context: BrokerContext

    typealias Result = CreatePartitionsResponse.CreatePartitionsTopicResult

    func handle(_ request: CreatePartitionsRequest, version: Int16) -> CreatePartitionsResponse {
        CreatePartitionsResponse(results: request.topics.map { grow($0, validateOnly: request.validateOnly) })
    }

    private func grow(_ topic: CreatePartitionsRequest.CreatePartitionsTopic, validateOnly: Bool) -> Result {
        guard let existing = context.logStore.partitions(of: topic.name) else {
            return Result(name: topic.name, errorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue, errorMessage: "topic `\(topic.name)` does not exist")
        }
        guard topic.count > existing.count, topic.count <= 10_000 else {
            return Result(
                name: topic.name, errorCode: KafkaErrorCode.invalidPartitions.rawValue,
                errorMessage: "topic `\(topic.name)` has \(existing.count) partitions; the new count must be larger (and at most 10000), not \(topic.count)")
        }
        if let assignments = topic.assignments, assignments.contains(where: { $0.brokerIDs != [context.nodeID] }) {
            return Result(
                name: topic.name, errorCode: KafkaErrorCode.invalidReplicaAssignment.rawValue,
                errorMessage: "new partitions must be assigned to broker \(context.nodeID) only")
        }
        guard !validateOnly else { return Result(name: topic.name, errorCode: 0, errorMessage: nil) }
        do {
            try context.logStore.createPartitions(topic.name, totalCount: topic.count)
            return Result(name: topic.name, errorCode: 0, errorMessage: nil)
        } catch {
            return Result(name: topic.name, errorCode: KafkaErrorCode(error).rawValue, errorMessage: "\(error)")
        }
    }
}
