import KafkaProtocol

/// One configuration entry of a topic, as DescribeConfigs reports it.
public struct TopicConfigEntry: Hashable, Sendable {
    public var name: String
    /// Nil for sensitive entries, which brokers do not reveal.
    public var value: String?
    /// True when the value is the broker's default rather than set on this topic.
    public var isDefault: Bool
}

extension KafkaAdmin {
    /// DescribeConfigs resource type of a topic (Kafka's `ConfigResource.Type.TOPIC`).
    private static let topicResourceType: Int8 = 2
    /// Config sources (v1+) that mean "set on this topic" rather than inherited.
    private static let topicConfigSource: Int8 = 1

    /// Every configuration entry of each named topic, sorted by name; topics the broker does
    /// not know are an error.
    public func describeTopicConfigs(_ names: [String]) async throws(KafkaClientError) -> [String: [TopicConfigEntry]] {
        guard !names.isEmpty else { return [:] }
        let connection = try await cluster.anyConnection()
        let version = try connection.version(of: .describeConfigs)
        let request = DescribeConfigsRequest(
            resources: names.map { .init(resourceType: Self.topicResourceType, resourceName: $0, configurationKeys: nil) })
        let response = try await connection.send(request)
        var result: [String: [TopicConfigEntry]] = [:]
        for resource in response.results {
            try KafkaErrorCode(resource.errorCode).check(
                "DescribeConfigs \(resource.resourceName)", message: resource.errorMessage)
            result[resource.resourceName] = resource.configs.map { entry in
                // v0 has only isDefault; later versions say where the value came from.
                let isDefault = version == 0 ? entry.isDefault : entry.configSource != Self.topicConfigSource
                return TopicConfigEntry(name: entry.name, value: entry.value, isDefault: isDefault)
            }.sorted { $0.name < $1.name }
        }
        return result
    }
}
