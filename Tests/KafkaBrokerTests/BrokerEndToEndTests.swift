import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import ServiceLifecycle
import Logging
import TestSupport
import Testing

@testable import KafkaBroker

@Suite struct BrokerEndToEndTests {
    @Test func apiVersionsMetadataProduceFetch() async throws {
        try await withRunningBroker { service, port, store in
            try await TestKafkaClient.with(port: port) { client in
                let versions = try await client.send(ApiVersionsRequest(clientSoftwareName: "t", clientSoftwareVersion: "1"), version: 3)
                #expect(versions.errorCode == 0 && versions.apiKeys.contains { $0.apiKey == ApiKey.fetch.rawValue })

                let metadata = try await client.send(MetadataRequest(topics: [.init(name: "orders")]), version: 12)
                #expect(metadata.brokers.first?.port == Int32(port) && metadata.brokers.first?.host == "127.0.0.1")
                #expect(metadata.topics.first?.partitions.count == 3)

                let produced = try await client.send(
                    ProduceRequest.one(topic: "orders", partition: 1, records: Batches.make(["one", "two"], keys: ["k1", nil])),
                    version: 9)
                #expect(produced.responses.first?.partitionResponses.first?.errorCode == 0)
                #expect(store.partition("orders", 1)?.durableOffset == Offset(2))

                let fetched = try await client.send(FetchRequest.one(topic: "orders", partition: 1, offset: 0), version: 12)
                let data = try #require(fetched.responses.first?.partitions.first)
                #expect(try Batches.values(data.records).map(\.value) == ["one", "two"])
                let records = try RecordBatch(bytes: try #require(data.records)).records()
                #expect(records.map { $0.key.map { String(buffer: $0) } } == ["k1", nil])
            }
        }
    }

    @Test func unsupportedApiVersionsVersionGetsV0Answer() async throws {
        try await withRunningBroker { _, port, _ in
            try await TestKafkaClient.with(port: port) { client in
                // ApiVersions v9: header v2 (flexible), body we cannot read.
                let id = try await client.write(ApiVersionsRequest(), version: 3)
                _ = try await client.readFrame()
                var frame = TestKafkaClient.frame(ApiVersionsRequest(), version: 3, correlationID: id + 1)
                frame.setInteger(Int16(9), at: 6)
                try await client.writeRaw(frame)
                let answer = try await client.read(ApiVersionsResponse.self, version: 0, correlationID: id + 1)
                #expect(answer.errorCode == KafkaErrorCode.unsupportedVersion.rawValue)
                #expect(answer.apiKeys.contains { $0.apiKey == ApiKey.apiVersions.rawValue && $0.maxVersion == 3 })
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withRunningBroker { _, port, store in
            try store.createTopic("p", partitions: 1)
            try await TestKafkaClient.with(port: port) { client in
                // A fetch that parks for a while, then quick requests behind it, then a produce that wakes it.
                let parked = try await client.write(FetchRequest.one(topic: "p", offset: 0, maxWaitMs: 5000, minBytes: 1), version: 12)
                let metadata = try await client.write(MetadataRequest(topics: nil), version: 12)
                let offsets = try await client.write(
                    ListOffsetsRequest(topics: [.init(name: "p", partitions: [.init(partitionIndex: 0, timestamp: -1)])]), version: 7)
                var produces: [Int32] = []
                for i in 0..<5 {
                    produces.append(try await client.write(ProduceRequest.one(topic: "p", records: Batches.make(["m\(i)"]), acks: 1), version: 9))
                }
                let fetch = try await client.read(FetchResponse.self, version: 12, correlationID: parked)
                #expect(fetch.responses.first?.partitions.first?.records?.readableBytes ?? 0 > 0)
                _ = try await client.read(MetadataResponse.self, version: 12, correlationID: metadata)
                let latest = try await client.read(ListOffsetsResponse.self, version: 7, correlationID: offsets)
                #expect(latest.topics.first?.partitions.first?.offset == 0)
                for (index, id) in produces.enumerated() {
                    let response = try await client.read(ProduceResponse.self, version: 9, correlationID: id)
                    #expect(response.responses.first?.partitionResponses.first?.baseOffset == Int64(index))
                }
            }
        }
    }

    @Test func listOffsetsEarliestLatestAndByTimestamp() async throws {
        try await withRunningBroker { _, port, _ in
            try await TestKafkaClient.with(port: port) { client in
                let records = Batches.make(["a", "b", "c"], timestamps: [10_000, 20_000, 30_000])
                _ = try await client.send(ProduceRequest.one(topic: "ts", records: records), version: 9)
                let request = ListOffsetsRequest(topics: [
                    .init(name: "ts", partitions: [-2, -1, 15_000, 30_000, 40_000, -3].map { .init(partitionIndex: 0, timestamp: $0) })
                ])
                let response = try await client.send(request, version: 7)
                let answers = try #require(response.topics.first?.partitions).map { [$0.offset, $0.timestamp] }
                #expect(answers == [[0, -1], [3, -1], [1, 20_000], [2, 30_000], [-1, -1], [2, 30_000]])
            }
        }
    }

    @Test func idempotentDuplicateAndOutOfOrderOverTheWire() async throws {
        try await withRunningBroker { _, port, store in
            try await TestKafkaClient.with(port: port) { client in
                let ids = try await client.send(InitProducerIDRequest(transactionalID: nil, transactionTimeoutMs: -1), version: 4)
                let pid = ids.producerID
                let batch = Batches.make(["x", "y"], producerID: pid, epoch: ids.producerEpoch, baseSequence: 0)
                let first = try await client.send(ProduceRequest.one(topic: "idem", records: batch), version: 9)
                let again = try await client.send(ProduceRequest.one(topic: "idem", records: batch), version: 9)
                #expect(first.responses.first?.partitionResponses.first?.baseOffset == 0)
                #expect(again.responses.first?.partitionResponses.first?.baseOffset == 0)
                #expect(again.responses.first?.partitionResponses.first?.errorCode == 0)
                let skipped = Batches.make(["z"], producerID: pid, epoch: ids.producerEpoch, baseSequence: 5)
                let gap = try await client.send(ProduceRequest.one(topic: "idem", records: skipped), version: 9)
                #expect(gap.responses.first?.partitionResponses.first?.errorCode == KafkaErrorCode.outOfOrderSequenceNumber.rawValue)
                #expect(store.partition("idem", 0)?.logEndOffset == Offset(2))
            }
        }
    }

    @Test func acksZeroGetsNoResponse() async throws {
        try await withRunningBroker { _, port, store in
            try await TestKafkaClient.with(port: port) { client in
                try await client.write(ProduceRequest.one(topic: "quiet", records: Batches.make(["a"]), acks: 0), version: 9)
                // The next response on the wire belongs to the next request.
                let versions = try await client.send(ApiVersionsRequest(), version: 2)
                #expect(versions.errorCode == 0)
                #expect(store.partition("quiet", 0)?.logEndOffset == Offset(1))
            }
        }
    }

    @Test func badRequestsCloseTheConnection() async throws {
        try await withRunningBroker { _, port, _ in
            // Unknown API key.
            try await TestKafkaClient.with(port: port) { client in
                var frame = ByteBuffer()
                frame.writeInteger(Int32(8))
                frame.writeInteger(Int16(999))
                frame.writeInteger(Int16(0))
                frame.writeInteger(Int32(7))
                try await client.writeRaw(frame)
                #expect(try await client.readFrame() == nil)
            }
            // A size prefix beyond the cap.
            try await TestKafkaClient.with(port: port) { client in
                var frame = ByteBuffer()
                frame.writeInteger(Int32.max)
                try await client.writeRaw(frame)
                #expect(try await client.readFrame() == nil)
            }
            // Unsupported version of a known API.
            try await TestKafkaClient.with(port: port) { client in
                var frame = TestKafkaClient.frame(MetadataRequest(), version: 12, correlationID: 1)
                frame.setInteger(Int16(99), at: 6)
                try await client.writeRaw(frame)
                #expect(try await client.readFrame() == nil)
            }
        }
    }

    @Test func gracefulShutdownClosesConnections() async throws {
        let directory = try TemporaryDirectory(prefix: "rivulet-broker-shutdown")
        defer { directory.remove() }
        let store = try LogStore.open(LogStoreConfiguration(directory: directory.file("log")))
        defer { try? store.close() }
        let service = KafkaBrokerService(
            configuration: KafkaBrokerConfiguration(host: "127.0.0.1", port: 0), logStore: store, logger: quietLogger)
        let group = ServiceGroup(services: [service], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await service.listeningAddress().port
            let channel = try await TestKafkaClient.connect(port: port)
            try await channel.executeThenClose { inbound, outbound in
                let client = TestKafkaClient(inbound: inbound, outbound: outbound)
                _ = try await client.send(ApiVersionsRequest(), version: 3)
                // A parked fetch must not hold shutdown up.
                try await client.write(FetchRequest.one(topic: "t", offset: 0, maxWaitMs: 30_000, minBytes: 1), version: 12)
                await group.triggerGracefulShutdown()
                // The connection is closed by shutdown (the parked fetch may or may not answer first).
                while try await client.readFrame() != nil {}
            }
            try await tasks.waitForAll()
        }
        await #expect(throws: KafkaBrokerError.self) { try await service.listeningAddress() }
    }
}
