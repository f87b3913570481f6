import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaClient

@Suite struct ConsumerProtocolTests {
    @Test func subscriptionGoldenBytes() throws {
        let bytes = ConsumerProtocol.encode(ConsumerProtocol.Subscription(topics: ["a", "bc"]))
        #expect(Array(bytes.readableBytesView) == [0, 0, 0, 0, 0, 2, 0, 1, 97, 0, 2, 98, 99, 255, 255, 255, 255])
        #expect(try ConsumerProtocol.decodeSubscription(bytes).topics == ["a", "bc"])
    }

    @Test func assignmentGoldenBytesAndRoundTrip() throws {
        let assignment = ConsumerProtocol.Assignment(
            partitions: [TopicPartition("bc", 2), TopicPartition("a", 0), TopicPartition("a", 1)])
        let bytes = ConsumerProtocol.encode(assignment)
        let expected: [UInt8] = [
            0, 0, 0, 0, 0, 2,
            0, 1, 97, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1,
            0, 2, 98, 99, 0, 0, 0, 1, 0, 0, 0, 2,
            255, 255, 255, 255,
        ]
        #expect(Array(bytes.readableBytesView) == expected)
        let decoded = try ConsumerProtocol.decodeAssignment(bytes)
        #expect(decoded.partitions.sorted() == assignment.partitions.sorted())
    }

    /// A v1 subscription as the Java client writes it, with owned partitions after userData.
    @Test func readsNewerSubscriptionVersions() throws {
        let v1: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 1, 116, 255, 255, 255, 255, 0, 0, 0, 1, 0, 1, 116, 0, 0, 0, 1, 0, 0, 0, 0]
        let decoded = try ConsumerProtocol.decodeSubscription(ByteBuffer(bytes: v1))
        #expect(decoded.topics == ["t"])
        #expect(decoded.ownedPartitions == [TopicPartition("t", 0)])
        // v3 adds fields after; they are ignored.
        let v3 = [0, 3] + v1.dropFirst(2) + [0, 0, 0, 5, 255, 255]
        #expect(try ConsumerProtocol.decodeSubscription(ByteBuffer(bytes: v3)).topics == ["t"])
    }

    @Test func emptyAssignmentAndGarbage() throws {
        #expect(try ConsumerProtocol.decodeAssignment(ByteBuffer()).partitions.isEmpty)
        #expect(throws: KafkaClientError.self) {
            try ConsumerProtocol.decodeAssignment(ByteBuffer(bytes: [0, 0, 0x7f, 0xff, 0xff, 0xff]))
        }
        #expect(throws: KafkaClientError.self) { try ConsumerProtocol.decodeSubscription(ByteBuffer(bytes: [0])) }
    }
}

@Suite struct PartitionAssignorTests {
    let members = [
        PartitionAssignor.Member(memberID: "m2", topics: ["t1", "t2"]),
        PartitionAssignor.Member(memberID: "m1", topics: ["t1", "t2"]),
    ]
    let counts = ["t1": 3, "t2": 3]

    /// The example from Kafka's RangeAssignor documentation.
    @Test func rangeMatchesKafka() {
        let plan = PartitionAssignor.range(members: members, partitionCounts: counts)
        #expect(plan["m1"] == [TopicPartition("t1", 0), TopicPartition("t1", 1), TopicPartition("t2", 0), TopicPartition("t2", 1)])
        #expect(plan["m2"] == [TopicPartition("t1", 2), TopicPartition("t2", 2)])
    }

    /// The example from Kafka's RoundRobinAssignor documentation.
    @Test func roundRobinMatchesKafka() {
        let plan = PartitionAssignor.roundRobin(members: members, partitionCounts: counts)
        #expect(plan["m1"] == [TopicPartition("t1", 0), TopicPartition("t1", 2), TopicPartition("t2", 1)])
        #expect(plan["m2"] == [TopicPartition("t1", 1), TopicPartition("t2", 0), TopicPartition("t2", 2)])
    }

    @Test func membersOnlyGetTopicsTheySubscribedTo() {
        let mixed = [
            PartitionAssignor.Member(memberID: "a", topics: ["x"]),
            PartitionAssignor.Member(memberID: "b", topics: ["x", "y"]),
        ]
        for strategy in KafkaConsumerConfiguration.AssignmentStrategy.allCases {
            let plan = PartitionAssignor.assign(strategy, members: mixed, partitionCounts: ["x": 2, "y": 3])
            #expect(plan["a"]?.allSatisfy { $0.topic == "x" } == true)
            #expect(plan["b"]?.filter { $0.topic == "y" }.count == 3)
            let all = plan.values.flatMap { $0 }
            #expect(all.count == 5 && Set(all).count == 5)
        }
    }
}

@Suite struct ApiVersionNegotiationTests {
    @Test func picksTheHighestCommonVersion() throws {
        let negotiation = ApiVersionNegotiation(broker: [
            .init(apiKey: ApiKey.produce.rawValue, minVersion: 0, maxVersion: 11),
            .init(apiKey: ApiKey.fetch.rawValue, minVersion: 0, maxVersion: 6),
            .init(apiKey: ApiKey.metadata.rawValue, minVersion: 13, maxVersion: 13),
        ])
        #expect(try negotiation.version(for: .produce) == ApiKey.produce.supported.maxVersion)
        #expect(try negotiation.version(for: .fetch) == 6)
        #expect(throws: KafkaClientError.self) { try negotiation.version(for: .metadata) }
        #expect(throws: KafkaClientError.self) { try negotiation.version(for: .joinGroup) }
    }

    /// KIP-511: a broker that does not know our ApiVersions version answers in the v0 layout
    /// with UNSUPPORTED_VERSION and its own range; we retry with its highest version.
    @Test func stepsDownOnAV0UnsupportedVersionAnswer() {
        let answer = ApiVersionsResponse(
            errorCode: KafkaErrorCode.unsupportedVersion.rawValue,
            apiKeys: [.init(apiKey: ApiKey.apiVersions.rawValue, minVersion: 0, maxVersion: 2)])
        var body = ByteBuffer()
        answer.encode(into: &body, version: 0)
        let (response, retry) = ApiVersionNegotiation.interpret(body: body, requestedVersion: 3)
        #expect(response == nil)
        #expect(retry == 2)
    }

    @Test func acceptsANormalAnswer() {
        let answer = ApiVersionsResponse(apiKeys: [.init(apiKey: 0, minVersion: 3, maxVersion: 9)])
        var body = ByteBuffer()
        answer.encode(into: &body, version: 3)
        let (response, retry) = ApiVersionNegotiation.interpret(body: body, requestedVersion: 3)
        #expect(response?.apiKeys.count == 1)
        #expect(retry == nil)
    }

    @Test func backoffGrowsAndIsCapped() {
        let backoff = ReconnectBackoff(base: .milliseconds(50), max: .seconds(1))
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: 1, jitter: 0.5) == .milliseconds(50))
        #expect(backoff.delay(afterFailures: 3, jitter: 0.5) == .milliseconds(200))
        let capped = backoff.delay(afterFailures: 30, jitter: 1)
        #expect(capped > .milliseconds(1199) && capped < .milliseconds(1201))
    }

    @Test func brokerAddressesParse() throws {
        #expect(try BrokerAddress.parseList("127.0.0.1:9092, localhost:19092") == [
            BrokerAddress(host: "127.0.0.1", port: 9092), BrokerAddress(host: "localhost", port: 19092),
        ])
        #expect(try BrokerAddress(parsing: "[::1]:9092").host == "::1")
        #expect(throws: KafkaClientError.self) { try BrokerAddress(parsing: "nohost") }
        #expect(throws: KafkaClientError.self) { try BrokerAddress(parsing: "h:99999") }
    }
}
