import KafkaProtocol
import LogStore

/// DescribeConfigs for topics (resource type 2) and this broker (4).
struct DescribeConfigsHandler {
    static let topicResource: Int8 = 2
    static let brokerResource: Int8 = 4

    let context: BrokerContext

    typealias Result = DescribeConfigsResponse.DescribeConfigsResult

    func handle(_ request: DescribeConfigsRequest, version: Int16) -> DescribeConfigsResponse {
        DescribeConfigsResponse(
            results: request.resources.map { resource in
                var result = describe(resource, version: version)
                result.resourceType = resource.resourceType
                result.resourceName = resource.resourceName
                return result
            })
    }

    private func describe(_ resource: DescribeConfigsRequest.DescribeConfigsResource, version: Int16) -> Result {
        let entries: [TopicConfigMapping.Entry]
        let source: Int8
        switch resource.resourceType {
        case Self.topicResource:
            guard let configuration = context.logStore.topicConfiguration(resource.resourceName) else {
                return Result(errorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue, errorMessage: "topic `\(resource.resourceName)` does not exist")
            }
            entries = TopicConfigMapping.describe(
                configuration, defaults: context.logStore.configuration.topicDefaults, maxMessageBytes: context.maxMessageBytes)
            source = 1  // DYNAMIC_TOPIC_CONFIG
        case Self.brokerResource:
            guard resource.resourceName.isEmpty || resource.resourceName == "\(context.nodeID)" else {
                return Result(errorCode: KafkaErrorCode.invalidRequest.rawValue, errorMessage: "this is broker \(context.nodeID), not `\(resource.resourceName)`")
            }
            entries = brokerEntries
            source = 4  // STATIC_BROKER_CONFIG
        default:
            return Result(errorCode: KafkaErrorCode.invalidRequest.rawValue, errorMessage: "resource type \(resource.resourceType) is not described here")
        }
        let keys = resource.configurationKeys.map(Set.init)
        return Result(
            errorCode: 0, errorMessage: nil,
            configs: entries.filter { keys?.contains($0.name) ?? true }.map { entry in
                .init(
                    name: entry.name, value: entry.value, readOnly: resource.resourceType == Self.brokerResource,
                    isDefault: entry.isDefault, configSource: entry.isDefault ? 5 : source, isSensitive: false,
                    synonyms: [], configType: entry.type, documentation: nil)
            })
    }

    private var brokerEntries: [TopicConfigMapping.Entry] {
        let configuration = context.configuration
        let defaults = context.logStore.configuration.topicDefaults
        let endpoint = context.endpoint
        return [
            .init(name: "advertised.listeners", value: "PLAINTEXT://\(endpoint.host):\(endpoint.port)", isDefault: false, type: 7),
            .init(name: "auto.create.topics.enable", value: "\(configuration.autoCreateTopics)", isDefault: false, type: 1),
            .init(name: "broker.id", value: "\(configuration.nodeID)", isDefault: false, type: 3),
            .init(name: "log.retention.ms", value: "\(defaults.retentionMilliseconds ?? -1)", isDefault: false, type: 5),
            .init(name: "log.segment.bytes", value: "\(defaults.segmentBytes)", isDefault: false, type: 3),
            .init(name: "message.max.bytes", value: "\(context.maxMessageBytes)", isDefault: false, type: 3),
            .init(name: "num.partitions", value: "\(configuration.defaultPartitions)", isDefault: false, type: 3),
            .init(name: "socket.request.max.bytes", value: "\(configuration.maxRequestBytes.rawValue)", isDefault: false, type: 3),
        ]
    }
}
