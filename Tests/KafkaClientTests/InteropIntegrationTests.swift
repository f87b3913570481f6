import Foundation
import KafkaClient
import KafkaProtocol
import Testing

/// Reads what librdkafka (confluent-kafka) wrote, compressed with its own snappy and lz4.
/// Needs `RIVULET_TEST_PYTHON` pointing at a Python with confluent-kafka installed.
@Suite(.serialized, .enabled(if: IntegrationBroker.isAvailable && InteropPython.path != nil))
struct InteropIntegrationTests {
    @Test(arguments: ["snappy", "lz4"])
    func readsRecordsProducedByConfluentKafka(compression: String) async throws {
        let topic = IntegrationBroker.uniqueTopic("interop-\(compression)")
        let admin = KafkaAdmin(configuration: try IntegrationBroker.clientConfiguration(), logger: IntegrationBroker.logger)
        try await admin.createTopic(topic, partitions: 2)
        await admin.close()
        let script = """
            import sys
            from confluent_kafka import Producer
            p = Producer({"bootstrap.servers": sys.argv[1], "compression.type": sys.argv[3], "linger.ms": 20,
                          "partitioner": "murmur2_random"})
            for i in range(500):
                p.produce(sys.argv[2], key=b"key-%d" % (i % 9), value=b"confluent-%d" % i)
            sys.exit(1 if p.flush(30) else 0)
            """
        try InteropPython.run(script, arguments: [IntegrationBroker.bootstrap ?? "", topic, compression])
        var configuration = KafkaConsumerConfiguration(client: try IntegrationBroker.clientConfiguration())
        configuration.autoOffsetReset = .earliest
        configuration.fetchMaxWait = .milliseconds(100)
        let consumer = try KafkaConsumer(configuration: configuration, logger: IntegrationBroker.logger)
        consumer.assign([TopicPartition(topic, 0), TopicPartition(topic, 1)])
        let records = try await withDeadline(seconds: 60, "interop consume") {
            try await withRunning([{ try await consumer.run() }]) {
                var records: [ConsumerRecord] = []
                for try await record in consumer.records {
                    records.append(record)
                    if records.count == 500 { break }
                }
                consumer.close()
                return records
            }
        }
        #expect(Set(records.compactMap(\.valueString)) == Set((0..<500).map { "confluent-\($0)" }))
        // With partitioner=murmur2_random librdkafka places keys as the Java client does; so do we.
        for record in records {
            let key = try #require(record.keyBytes)
            #expect(record.partition == Murmur2Partitioner.partition(key: key, partitionCount: 2))
        }
    }
}

enum InteropPython {
    static let path: String? = {
        guard let path = ProcessInfo.processInfo.environment["RIVULET_TEST_PYTHON"], !path.isEmpty else {
            print("KafkaClient interop tests skipped: set RIVULET_TEST_PYTHON to a python with confluent-kafka")
            return nil
        }
        return path
    }()

    static func run(_ script: String, arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DeadlineExceeded(what: "python producer exited \(process.terminationStatus)", seconds: 0)
        }
    }
}
