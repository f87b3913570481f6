import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

@Suite(.serialized, .enabled(if: IntegrationBroker.isAvailable))
struct ProducerIntegrationTests {
    @Test func producesIdempotentlyWithOffsets() async throws {
        var configuration = KafkaProducerConfiguration(client: try IntegrationBroker.clientConfiguration())
        configuration.linger = .milliseconds(2)
        let producer = try KafkaProducer(configuration: configuration, logger: IntegrationBroker.logger)
        let topic = IntegrationBroker.uniqueTopic("produce")
        let admin = KafkaAdmin(configuration: try IntegrationBroker.clientConfiguration(), logger: IntegrationBroker.logger)
        try await admin.createTopic(topic, partitions: 3)
        try await withDeadline(seconds: 60, "produce") {
            try await withRunning([{ try await producer.run() }]) {
                var offsets: [Int32: [Int64]] = [:]
                for i in 0..<30 {
                    let metadata = try await producer.send(
                        topic: topic, key: Array("key-\(i % 5)".utf8), value: Array("value-\(i)".utf8))
                    offsets[metadata.partition, default: []].append(try #require(metadata.offset).rawValue)
                }
                for (_, list) in offsets { #expect(list == Array(0..<Int64(list.count))) }
                try await producer.close()
            }
        }
        await admin.close()
    }
}
