import KafkaProtocol
import Logging
import RivuletCore

/// Cluster administration for any Kafka-protocol broker: topics, offsets, groups and lag.
/// Holds connections until `close()`; no background work, so it is not a `Service`.
public final class KafkaAdmin: Sendable {
    let cluster: KafkaCluster
    let configuration: KafkaClientConfiguration

    public init(configuration: KafkaClientConfiguration, logger: Logger, clock: some Clock<Duration> = ContinuousClock()) {
        self.configuration = configuration
        self.cluster = KafkaCluster(configuration: configuration, logger: logger, clock: clock)
    }

    public func close() async { await cluster.close() }

    // MARK: topics

    public func listTopics(includeInternal: Bool = false) async throws(KafkaClientError) -> [String] {
        let metadata = try await cluster.refreshMetadata(topics: nil)
        return metadata.topics.values.filter { includeInternal || !$0.isInternal }.map(\.name).sorted()
    }

    /// Metadata of `names` (nil: every topic), sorted by name. Unknown names are left out.
    public func describeTopics(_ names: [String]? = nil) async throws(KafkaClientError) -> [TopicMetadata] {
        let metadata = try await cluster.refreshMetadata(topics: names)
        let wanted = names.map(Set.init)
        return metadata.topics.values.filter { wanted?.contains($0.name) ?? true }.sorted { $0.name < $1.name }
    }

    public func cluster() async throws(KafkaClientError) -> (brokers: [BrokerMetadata], controllerID: Int32?) {
        let metadata = try await cluster.refreshMetadata(topics: [])
        return (metadata.brokers.values.sorted { $0.nodeID < $1.nodeID }, metadata.controllerID)
    }

    /// Creates a topic and waits until every partition has a leader. With `ifNotExists`, an
    /// existing topic is not an error.
    public func createTopic(
        _ name: String, partitions: Int32 = 1, replicationFactor: Int16 = 1, configs: [String: String] = [:],
        ifNotExists: Bool = false
    ) async throws(KafkaClientError) {
        try await createTopics(
            [NewTopic(name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configs)],
            ifNotExists: ifNotExists)
    }

    public func createTopics(_ topics: [NewTopic], ifNotExists: Bool = false) async throws(KafkaClientError) {
        guard !topics.isEmpty else { return }
        let connection = try await controllerConnection()
        let request = CreateTopicsRequest(
            topics: topics.map { topic in
                .init(
                    name: topic.name, numPartitions: topic.partitions, replicationFactor: topic.replicationFactor,
                    assignments: [],
                    configs: topic.configs.keys.sorted().map { .init(name: $0, value: topic.configs[$0]) })
            },
            timeoutMs: configuration.requestTimeout.int32Milliseconds, validateOnly: false)
        let response = try await connection.send(request)
        for result in response.topics {
            let code = KafkaErrorCode(result.errorCode)
            if code == .topicAlreadyExists && ifNotExists { continue }
            try code.check("CreateTopics \(result.name)", message: result.errorMessage)
        }
        try await waitForLeaders(topics.map(\.name))
    }

    public func deleteTopics(_ names: [String]) async throws(KafkaClientError) {
        guard !names.isEmpty else { return }
        let connection = try await controllerConnection()
        let version = try connection.version(of: .deleteTopics)
        var request = DeleteTopicsRequest(timeoutMs: configuration.requestTimeout.int32Milliseconds)
        if version >= 6 {
            request.topics = names.map { .init(name: $0) }
        } else {
            request.topicNames = names
        }
        let response = try await connection.send(request)
        for result in response.responses {
            try KafkaErrorCode(result.errorCode).check(
                "DeleteTopics \(result.name ?? "?")", message: result.errorMessage)
        }
        _ = try? await cluster.refreshMetadata(topics: nil)
    }

    private func controllerConnection() async throws(KafkaClientError) -> BrokerConnection {
        let metadata = try await cluster.refreshMetadata(topics: [])
        if let controller = metadata.controllerID, metadata.brokers[controller] != nil {
            return try await cluster.connection(node: controller)
        }
        return try await cluster.anyConnection()
    }

    /// Topic creation is asynchronous in Kafka; poll metadata (bounded) until leaders exist.
    private func waitForLeaders(_ names: [String]) async throws(KafkaClientError) {
        for attempt in 0..<100 {
            let metadata = try await cluster.refreshMetadata(topics: names)
            let ready = names.allSatisfy { name in
                guard let topic = metadata.topics[name], !topic.partitions.isEmpty else { return false }
                return topic.partitions.allSatisfy { $0.leader != nil }
            }
            if ready { return }
            let clock = cluster.clock
            do { try await sleep(on: clock, for: .milliseconds(min(20 * (attempt + 1), 200))) } catch {
                throw KafkaClientError(.closed, "cancelled while waiting for new topics")
            }
        }
        throw KafkaClientError(.timeout, "topics \(names) have no leaders after creation")
    }

    // MARK: offsets

    /// Offsets of `partitions` for `spec`; nil where a timestamp is past the last record.
    public func listOffsets(
        _ partitions: [TopicPartition], spec: OffsetSpec
    ) async throws(KafkaClientError) -> [TopicPartition: Offset?] {
        try await OffsetLookup.offsets(partitions, spec: spec, cluster: cluster)
    }

    // MARK: groups

    public func listGroups() async throws(KafkaClientError) -> [GroupListing] {
        let metadata = try await cluster.refreshMetadata(topics: [])
        var addresses = metadata.brokers.values.map(\.address)
        if addresses.isEmpty { addresses = [try await cluster.anyConnection().address] }
        var listings: [GroupListing] = []
        for address in Set(addresses) {
            let response = try await cluster.connection(to: address).send(ListGroupsRequest())
            try KafkaErrorCode(response.errorCode).check("ListGroups on \(address)")
            listings += response.groups.map {
                GroupListing(groupID: $0.groupID, protocolType: $0.protocolType, state: $0.groupState)
            }
        }
        return listings.sorted { $0.groupID < $1.groupID }
    }

    public func describeGroup(_ group: String) async throws(KafkaClientError) -> GroupDescription {
        try await GroupOffsets.withCoordinatorRetries(group: group, cluster: cluster) { () async throws(KafkaClientError) in
            let connection = try await cluster.coordinator(group: group)
            let response = try await connection.send(DescribeGroupsRequest(groups: [group]))
            guard let described = response.groups.first(where: { $0.groupID == group }) else {
                throw KafkaClientError(.protocolError, "DescribeGroups answered without group \(group)")
            }
            try KafkaErrorCode(described.errorCode).check("DescribeGroups \(group)")
            let isConsumer = described.protocolType == ConsumerProtocol.protocolType
            let members = described.members.map { member in
                GroupDescription.Member(
                    memberID: member.memberID, groupInstanceID: member.groupInstanceID, clientID: member.clientID,
                    clientHost: member.clientHost,
                    assignment: isConsumer
                        ? ((try? ConsumerProtocol.decodeAssignment(member.memberAssignment))?.partitions ?? []) : [],
                    subscribedTopics: isConsumer
                        ? ((try? ConsumerProtocol.decodeSubscription(member.memberMetadata))?.topics ?? []) : [])
            }
            return GroupDescription(
                groupID: described.groupID, state: described.groupState, protocolType: described.protocolType,
                protocolName: described.protocolData, members: members)
        }
    }

    /// Committed offsets of `group` (for `partitions`, or every partition it committed on).
    public func committedOffsets(
        group: String, partitions: [TopicPartition]? = nil
    ) async throws(KafkaClientError) -> [TopicPartition: Offset] {
        try await GroupOffsets.fetch(group: group, partitions: partitions, cluster: cluster)
    }

    /// Lag per partition: for `topics` (every partition of them), or the partitions the group committed on.
    public func lag(group: String, topics: [String]? = nil) async throws(KafkaClientError) -> [PartitionLag] {
        var partitions: [TopicPartition]
        if let topics {
            let metadata = try await cluster.refreshMetadata(topics: topics)
            partitions = topics.flatMap { metadata.partitions(of: $0) }
        } else {
            partitions = Array(try await committedOffsets(group: group).keys)
        }
        partitions.sort()
        let committed = try await committedOffsets(group: group, partitions: partitions)
        let ends = try await listOffsets(partitions, spec: .latest)
        return partitions.map { tp in
            let end = (ends[tp] ?? nil) ?? .zero
            let done = committed[tp]
            return PartitionLag(
                topicPartition: tp, committed: done, endOffset: end, lag: max(0, end.rawValue - (done?.rawValue ?? 0)))
        }
    }

    public func deleteGroups(_ groups: [String]) async throws(KafkaClientError) {
        for group in groups {
            try await GroupOffsets.withCoordinatorRetries(group: group, cluster: cluster) { () async throws(KafkaClientError) in
                let response = try await cluster.coordinator(group: group).send(DeleteGroupsRequest(groupsNames: [group]))
                for result in response.results { try KafkaErrorCode(result.errorCode).check("DeleteGroups \(result.groupID)") }
            }
        }
    }
}
