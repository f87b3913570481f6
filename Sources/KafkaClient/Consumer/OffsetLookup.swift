import KafkaProtocol
import RivuletCore

/// ListOffsets for many partitions at once, each request sent to the partition's leader.
enum OffsetLookup {
    /// Kafka's special ListOffsets timestamps.
    static let latestTimestamp: Int64 = -1
    static let earliestTimestamp: Int64 = -2

    /// Offsets for `spec`; a timestamp past the last record maps to nil (Kafka answers -1).
    static func offsets(
        _ partitions: [TopicPartition], spec: OffsetSpec, cluster: KafkaCluster
    ) async throws(KafkaClientError) -> [TopicPartition: Offset?] {
        let timestamp: Int64
        switch spec {
        case .exact(let offset): return Dictionary(uniqueKeysWithValues: partitions.map { ($0, Optional(offset)) })
        case .earliest: timestamp = earliestTimestamp
        case .latest: timestamp = latestTimestamp
        case .timestamp(let t): timestamp = t.milliseconds
        }
        var metadata = try await cluster.metadata(for: Array(Set(partitions.map(\.topic))))
        if partitions.contains(where: { metadata.leader(of: $0) == nil }) {
            metadata = try await cluster.refreshMetadata(topics: Array(Set(partitions.map(\.topic))))
        }
        var byLeader: [BrokerAddress: [TopicPartition]] = [:]
        for tp in partitions {
            guard let leader = metadata.leader(of: tp) else {
                throw KafkaClientError(.unknownTopicOrPartition, "no leader known for \(tp)")
            }
            byLeader[leader.address, default: []].append(tp)
        }
        var result: [TopicPartition: Offset?] = [:]
        for (address, tps) in byLeader {
            let connection = try await cluster.connection(to: address)
            let request = ListOffsetsRequest(
                replicaID: -1, isolationLevel: 0,
                topics: tps.groupedByTopic().map { entry in
                    .init(name: entry.topic, partitions: entry.partitions.map { .init(partitionIndex: $0, timestamp: timestamp) })
                })
            let response = try await connection.send(request)
            for topic in response.topics {
                for partition in topic.partitions {
                    let tp = TopicPartition(topic.name, partition.partitionIndex)
                    try KafkaErrorCode(partition.errorCode).check("ListOffsets for \(tp)")
                    result[tp] = partition.offset >= 0 ? Offset(partition.offset) : nil
                }
            }
        }
        return result
    }
}
