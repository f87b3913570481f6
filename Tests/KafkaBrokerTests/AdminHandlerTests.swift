import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import Testing

@testable import KafkaBroker

@Suite struct AdminHandlerTests {
    @Test func metadataDescribesAndAutoCreates() throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("existing", partitions: 2)
        let handler = MetadataHandler(context: fixture.context)
        let all = handler.handle(MetadataRequest(topics: nil), version: 12)
        #expect(all.brokers.map(\.nodeID) == [0] && all.brokers.first?.port == 9092)
        #expect(all.controllerID == 0 && all.clusterID == fixture.context.configuration.clusterID)
        #expect(all.topics.map(\.name) == ["existing"])
        let partitions = try #require(all.topics.first?.partitions)
        #expect(partitions.map(\.partitionIndex) == [0, 1] && partitions.allSatisfy { $0.leaderID == 0 && $0.isrNodes == [0] })
        #expect(all.topics.first?.topicID == TopicIDs.id(for: "existing"))

        let asked = handler.handle(
            MetadataRequest(topics: [.init(name: "fresh"), .init(name: "bad/name")], allowAutoTopicCreation: true), version: 9)
        #expect(asked.topics.map(\.errorCode) == [0, KafkaErrorCode.invalidTopicException.rawValue])
        #expect(asked.topics.first?.partitions.count == 3)

        let notAllowed = handler.handle(MetadataRequest(topics: [.init(name: "other")], allowAutoTopicCreation: false), version: 9)
        #expect(notAllowed.topics.first?.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue)
        #expect(fixture.store.partitions(of: "other") == nil)

        let byID = handler.handle(MetadataRequest(topics: [.init(topicID: TopicIDs.id(for: "existing"), name: nil)]), version: 12)
        #expect(byID.topics.first?.name == "existing")
    }

    @Test func topicIDsAreStableAndDistinct() {
        #expect(TopicIDs.id(for: "a") == TopicIDs.id(for: "a"))
        #expect(TopicIDs.id(for: "a") != TopicIDs.id(for: "b"))
        #expect(TopicIDs.id(for: "") != .zero)
    }

    @Test func createTopicsWithConfigsAndErrors() throws {
        let fixture = try HandlerFixture()
        let handler = CreateTopicsHandler(context: fixture.context)
        let request = CreateTopicsRequest(topics: [
            .init(name: "a", numPartitions: -1, replicationFactor: -1, configs: [.init(name: "retention.ms", value: "60000"), .init(name: "segment.bytes", value: "1048576")]),
            .init(name: "b", numPartitions: 0, replicationFactor: 1),
            .init(name: "c", numPartitions: 1, replicationFactor: 3),
            .init(name: "d", numPartitions: 1, replicationFactor: 1, configs: [.init(name: "no.such.config", value: "1")]),
            .init(name: "..", numPartitions: 1, replicationFactor: 1),
        ])
        let response = handler.handle(request, version: 7)
        #expect(response.topics.map(\.errorCode) == [
            0, KafkaErrorCode.invalidPartitions.rawValue, KafkaErrorCode.invalidReplicationFactor.rawValue,
            KafkaErrorCode.invalidConfig.rawValue, KafkaErrorCode.invalidTopicException.rawValue,
        ])
        #expect(response.topics.first?.numPartitions == 3)
        let configuration = try #require(fixture.store.topicConfiguration("a"))
        #expect(configuration.retentionMilliseconds == 60000 && configuration.segmentBytes == 1 << 20)

        let again = handler.handle(CreateTopicsRequest(topics: [.init(name: "a", numPartitions: 1, replicationFactor: 1)]), version: 4)
        #expect(again.topics.first?.errorCode == KafkaErrorCode.topicAlreadyExists.rawValue)
        let dryRun = handler.handle(CreateTopicsRequest(topics: [.init(name: "z", numPartitions: 2, replicationFactor: 1)], validateOnly: true), version: 4)
        #expect(dryRun.topics.first?.errorCode == 0 && fixture.store.partitions(of: "z") == nil)
    }

    @Test func describeConfigsForTopicsAndBroker() throws {
        let fixture = try HandlerFixture()
        var configuration = LogTopicConfiguration()
        configuration.retentionMilliseconds = 5000
        try fixture.store.createTopic("t", partitions: 1, configuration: configuration)
        let request = DescribeConfigsRequest(resources: [
            .init(resourceType: 2, resourceName: "t", configurationKeys: nil),
            .init(resourceType: 2, resourceName: "t", configurationKeys: ["retention.ms"]),
            .init(resourceType: 4, resourceName: "0", configurationKeys: nil),
            .init(resourceType: 2, resourceName: "missing", configurationKeys: nil),
        ])
        let response = DescribeConfigsHandler(context: fixture.context).handle(request, version: 4)
        let all = Dictionary(uniqueKeysWithValues: response.results[0].configs.map { ($0.name, $0.value) })
        #expect(all["retention.ms"] == "5000" && all["cleanup.policy"] == "delete" && all["max.message.bytes"] == "1048576")
        #expect(response.results[1].configs.map(\.name) == ["retention.ms"])
        #expect(response.results[2].configs.contains { $0.name == "num.partitions" && $0.value == "3" })
        #expect(response.results[3].errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue)
    }

    @Test func deleteAndGrowTopics() throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        let grow = CreatePartitionsHandler(context: fixture.context).handle(
            CreatePartitionsRequest(topics: [.init(name: "t", count: 4, assignments: nil), .init(name: "t2", count: 2, assignments: nil)]), version: 3)
        #expect(grow.results.map(\.errorCode) == [0, KafkaErrorCode.unknownTopicOrPartition.rawValue])
        #expect(fixture.store.partitions(of: "t")?.count == 4)
        let shrink = CreatePartitionsHandler(context: fixture.context).handle(
            CreatePartitionsRequest(topics: [.init(name: "t", count: 2, assignments: nil)]), version: 3)
        #expect(shrink.results.first?.errorCode == KafkaErrorCode.invalidPartitions.rawValue)

        let deleted = DeleteTopicsHandler(context: fixture.context).handle(DeleteTopicsRequest(topicNames: ["t", "nope"]), version: 5)
        #expect(deleted.responses.map(\.errorCode) == [0, KafkaErrorCode.unknownTopicOrPartition.rawValue])
        #expect(fixture.store.partitions(of: "t") == nil)
    }

    @Test func coordinatorAndClusterAreThisBroker() throws {
        let fixture = try HandlerFixture()
        fixture.context.didBind(host: "0.0.0.0", port: 4242)
        let old = FindCoordinatorHandler(context: fixture.context).handle(FindCoordinatorRequest(key: "g"), version: 3)
        #expect(old.errorCode == 0 && old.host == "127.0.0.1" && old.port == 4242)
        let batched = FindCoordinatorHandler(context: fixture.context).handle(
            FindCoordinatorRequest(keyType: 0, coordinatorKeys: ["g1", "g2"]), version: 4)
        #expect(batched.coordinators.map(\.key) == ["g1", "g2"] && batched.coordinators.allSatisfy { $0.port == 4242 })
        let cluster = DescribeClusterHandler(context: fixture.context).handle(DescribeClusterRequest(), version: 1)
        #expect(cluster.brokers.count == 1 && cluster.controllerID == 0)
    }

    @Test func apiVersionsListsGroupAPIsOnlyWithACoordinator() {
        let without = ApiVersionsHandler(servesGroups: false).handle(ApiVersionsRequest(), version: 3)
        #expect(!without.apiKeys.contains { $0.apiKey == ApiKey.joinGroup.rawValue })
        #expect(without.apiKeys.contains { $0.apiKey == ApiKey.produce.rawValue && $0.maxVersion == 9 })
        let with = ApiVersionsHandler(servesGroups: true).handle(ApiVersionsRequest(), version: 3)
        #expect(with.apiKeys.count == ApiKey.allCases.count)
    }
}
