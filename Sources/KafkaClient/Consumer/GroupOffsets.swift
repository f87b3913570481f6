import KafkaProtocol
import RivuletCore

/// Committed offsets of a group: OffsetFetch and OffsetCommit against its coordinator, in
/// whichever request layout the negotiated version uses (v8 batches groups).
enum GroupOffsets {
    /// Committed offsets; partitions without a commit are absent. `partitions` nil asks for all.
    static func fetch(
        group: String, partitions: [TopicPartition]?, cluster: KafkaCluster
    ) async throws(KafkaClientError) -> [TopicPartition: Offset] {
        try await withCoordinatorRetries(group: group, cluster: cluster) { () async throws(KafkaClientError) in
            let connection = try await cluster.coordinator(group: group)
            let version = try connection.version(of: .offsetFetch)
            let grouped = partitions?.groupedByTopic()
            var request = OffsetFetchRequest()
            if version >= 8 {
                request.groups = [
                    .init(groupID: group, topics: grouped?.map { .init(name: $0.topic, partitionIndexes: $0.partitions) })
                ]
            } else {
                request.groupID = group
                request.topics = grouped?.map { .init(name: $0.topic, partitionIndexes: $0.partitions) }
            }
            let response = try await connection.send(request)
            var result: [TopicPartition: Offset] = [:]
            if version >= 8 {
                guard let answer = response.groups.first(where: { $0.groupID == group }) else {
                    throw KafkaClientError(.protocolError, "OffsetFetch response names no group \(group)")
                }
                try KafkaErrorCode(answer.errorCode).check("OffsetFetch for group \(group)")
                for topic in answer.topics {
                    for p in topic.partitions where p.committedOffset >= 0 && p.errorCode == 0 {
                        result[TopicPartition(topic.name, p.partitionIndex)] = Offset(p.committedOffset)
                    }
                }
            } else {
                try KafkaErrorCode(response.errorCode).check("OffsetFetch for group \(group)")
                for topic in response.topics {
                    for p in topic.partitions where p.committedOffset >= 0 && p.errorCode == 0 {
                        result[TopicPartition(topic.name, p.partitionIndex)] = Offset(p.committedOffset)
                    }
                }
            }
            return result
        }
    }

    /// Commits `offsets` (the next offset to read, as Kafka defines a commit).
    static func commit(
        group: String, generationID: Int32, memberID: String, offsets: [TopicPartition: Offset], cluster: KafkaCluster
    ) async throws(KafkaClientError) {
        guard !offsets.isEmpty else { return }
        try await withCoordinatorRetries(group: group, cluster: cluster) { () async throws(KafkaClientError) in
            let connection = try await cluster.coordinator(group: group)
            var byTopic: [String: [OffsetCommitRequest.OffsetCommitRequestTopic.OffsetCommitRequestPartition]] = [:]
            for (tp, offset) in offsets {
                byTopic[tp.topic, default: []].append(
                    .init(partitionIndex: tp.partition, committedOffset: offset.rawValue, committedLeaderEpoch: -1,
                          commitTimestamp: -1, committedMetadata: ""))
            }
            let request = OffsetCommitRequest(
                groupID: group, generationIDOrMemberEpoch: generationID, memberID: memberID, groupInstanceID: nil,
                retentionTimeMs: -1,
                topics: byTopic.keys.sorted().map { .init(name: $0, partitions: byTopic[$0] ?? []) })
            let response = try await connection.send(request)
            for topic in response.topics {
                for p in topic.partitions {
                    try KafkaErrorCode(p.errorCode).check("OffsetCommit for \(topic.name)-\(p.partitionIndex) in group \(group)")
                }
            }
        }
    }

    /// Retries coordinator moves and loading, finding the coordinator again in between.
    static func withCoordinatorRetries<T: Sendable>(
        group: String, cluster: KafkaCluster, _ operation: () async throws(KafkaClientError) -> T
    ) async throws(KafkaClientError) -> T {
        try await withRetries(
            attempts: 10, backoff: .milliseconds(100), clock: cluster.clock,
            onRetry: { _ in await cluster.forgetCoordinator(group: group) }, operation)
    }
}
