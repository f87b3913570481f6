import KafkaClient
import RivuletCore
import Testing

@Suite(.serialized, .enabled(if: IntegrationBroker.isAvailable))
struct AdminIntegrationTests {
    @Test func createDescribeListDeleteTopic() async throws {
        let admin = KafkaAdmin(configuration: try IntegrationBroker.clientConfiguration(), logger: IntegrationBroker.logger)
        let topic = IntegrationBroker.uniqueTopic("admin")
        try await withDeadline(seconds: 60, "admin") {
            try await admin.createTopic(topic, partitions: 5)
            // Creating again is an error unless ifNotExists.
            await #expect(throws: KafkaClientError.self) { try await admin.createTopic(topic, partitions: 5) }
            try await admin.createTopic(topic, partitions: 5, ifNotExists: true)
            #expect(try await admin.listTopics().contains(topic))
            let described = try #require(try await admin.describeTopics([topic]).first)
            #expect(described.partitions.map(\.partition) == Array(0..<5))
            #expect(described.partitions.allSatisfy { $0.leader != nil })
            let offsets = try await admin.listOffsets((0..<5).map { TopicPartition(topic, $0) }, spec: .latest)
            #expect(offsets.values.allSatisfy { $0 == Offset(0) })
            try await admin.deleteTopics([topic])
            #expect(try await !admin.listTopics().contains(topic))
        }
        await admin.close()
    }
}
