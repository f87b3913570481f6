import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import Testing

@testable import KafkaBroker

@Suite struct ProduceFetchHandlerTests {
    @Test func produceThenFetchReturnsTheSameRecords() async throws {
        let fixture = try HandlerFixture()
        let produce = ProduceHandler(context: fixture.context)
        let first = await produce.handle(.one(topic: "events", records: Batches.make(["a", "b", "c"])), version: 9)
        let second = await produce.handle(.one(topic: "events", records: Batches.make(["d"])), version: 9)
        let p1 = try #require(first.responses.first?.partitionResponses.first)
        let p2 = try #require(second.responses.first?.partitionResponses.first)
        #expect(p1.errorCode == 0 && p1.baseOffset == 0 && p1.logAppendTimeMs == -1)
        #expect(p2.errorCode == 0 && p2.baseOffset == 3)
        // Auto-created with the default partition count.
        #expect(fixture.store.partitions(of: "events")?.count == 3)

        let fetched = await FetchHandler(context: fixture.context).handle(.one(topic: "events", offset: 1), version: 12)
        let data = try #require(fetched.responses.first?.partitions.first)
        #expect(data.errorCode == 0 && data.highWatermark == 4 && data.lastStableOffset == 4 && data.logStartOffset == 0)
        // Whole batches come back: the first starts before the requested offset.
        #expect(try Batches.values(data.records).map(\.value) == ["a", "b", "c", "d"])
    }

    @Test func produceErrorsArePerPartition() async throws {
        let fixture = try HandlerFixture { $0.maxMessageBytes = .kibibytes(1) }
        try fixture.store.createTopic("t", partitions: 1)
        var corrupt = Batches.make(["payload"])
        corrupt.setInteger(UInt8(0xFF), at: corrupt.writerIndex - 3)
        let request = ProduceRequest(
            acks: 1,
            topicData: [
                .init(
                    name: "t",
                    partitionData: [
                        .init(index: 0, records: corrupt),
                        .init(index: 7, records: Batches.make(["x"])),
                        .init(index: 0, records: Batches.make([String(repeating: "v", count: 2000)])),
                        .init(index: 0, records: ByteBuffer()),
                    ]),
                .init(name: "bad name!", partitionData: [.init(index: 0, records: Batches.make(["x"]))]),
            ])
        let response = await ProduceHandler(context: fixture.context).handle(request, version: 8)
        let codes = response.responses.flatMap { $0.partitionResponses.map(\.errorCode) }
        #expect(
            codes == [
                KafkaErrorCode.corruptMessage, .unknownTopicOrPartition, .messageTooLarge, .invalidRecord,
                .invalidTopicException,
            ].map(\.rawValue))
        #expect(fixture.store.partition("t", 0)?.logEndOffset == .zero)
    }

    @Test func noAutoCreateWhenDisabled() async throws {
        let fixture = try HandlerFixture { $0.autoCreateTopics = false }
        let response = await ProduceHandler(context: fixture.context).handle(
            .one(topic: "missing", records: Batches.make(["x"])), version: 9)
        #expect(response.responses.first?.partitionResponses.first?.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue)
        #expect(fixture.store.partitions(of: "missing") == nil)
    }

    @Test func invalidAcksAreRefused() async throws {
        let fixture = try HandlerFixture()
        let response = await ProduceHandler(context: fixture.context).handle(
            .one(topic: "t", records: Batches.make(["x"]), acks: 2), version: 9)
        #expect(response.responses.first?.partitionResponses.first?.errorCode == KafkaErrorCode.invalidRequiredAcks.rawValue)
    }

    @Test func fetchOutOfRangeReportsTheLogBounds() async throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        _ = try fixture.store.partition("t", 0)?.append(Batches.make(["a", "b"]))
        let response = await FetchHandler(context: fixture.context).handle(.one(topic: "t", offset: 10), version: 11)
        let data = try #require(response.responses.first?.partitions.first)
        #expect(data.errorCode == KafkaErrorCode.offsetOutOfRange.rawValue)
        #expect(data.highWatermark == 2 && data.logStartOffset == 0)
        let unknown = await FetchHandler(context: fixture.context).handle(.one(topic: "t", partition: 3, offset: 0), version: 11)
        #expect(unknown.responses.first?.partitions.first?.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue)
    }

    @Test func fetchParksUntilDataArrives() async throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 2)
        let handler = FetchHandler(context: fixture.context)
        var request = FetchRequest.one(topic: "t", offset: 0, maxWaitMs: 60_000, minBytes: 1)
        request.topics[0].partitions.append(.init(partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20))
        async let parked = handler.handle(request, version: 12)
        // Wait for the fetch to park (its timeout sleeps on the manual clock), then append to partition 1.
        while fixture.clock.sleeperCount == 0 { await Task.yield() }
        _ = try fixture.store.partition("t", 1)?.append(Batches.make(["late"]))
        let response = await parked
        let partitions = try #require(response.responses.first?.partitions)
        #expect(try Batches.values(partitions[1].records).map(\.value) == ["late"])
        #expect(partitions[0].records?.readableBytes == 0)
    }

    @Test func fetchAnswersEmptyAfterMaxWait() async throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        let handler = FetchHandler(context: fixture.context)
        async let parked = handler.handle(.one(topic: "t", offset: 0, maxWaitMs: 500, minBytes: 1), version: 12)
        while fixture.clock.sleeperCount == 0 { await Task.yield() }
        fixture.clock.advance(by: .milliseconds(500))
        let response = await parked
        #expect(response.responses.first?.partitions.first?.errorCode == 0)
        #expect(response.responses.first?.partitions.first?.records?.readableBytes == 0)
    }

    @Test func fetchHonoursMaxBytesButReturnsAFirstBatchWhole() async throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 2)
        let big = String(repeating: "x", count: 4000)
        _ = try fixture.store.partition("t", 0)?.append(Batches.make([big]))
        _ = try fixture.store.partition("t", 0)?.append(Batches.make([big]))
        _ = try fixture.store.partition("t", 1)?.append(Batches.make([big]))
        var request = FetchRequest.one(topic: "t", offset: 0, partitionMaxBytes: 100)
        request.maxBytes = 100
        request.topics[0].partitions.append(.init(partition: 1, fetchOffset: 0, partitionMaxBytes: 100))
        let response = await FetchHandler(context: fixture.context).handle(request, version: 12)
        let partitions = try #require(response.responses.first?.partitions)
        #expect(try Batches.values(partitions[0].records).count == 1)
        #expect(partitions[1].records?.readableBytes == 0)
        #expect(partitions[1].highWatermark == 1)
    }

    @Test func fetchSessionsAreDeclined() async throws {
        let fixture = try HandlerFixture()
        var request = FetchRequest.one(topic: "t", offset: 0)
        request.sessionID = 42
        let response = await FetchHandler(context: fixture.context).handle(request, version: 12)
        #expect(response.errorCode == KafkaErrorCode.fetchSessionIDNotFound.rawValue)
    }
}
