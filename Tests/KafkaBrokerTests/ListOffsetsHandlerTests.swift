import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import Testing

@testable import KafkaBroker

@Suite struct ListOffsetsHandlerTests {
    func lookUp(_ fixture: HandlerFixture, _ timestamps: [Int64], version: Int16 = 7) -> [(Int64, Int64, Int16)] {
        let request = ListOffsetsRequest(
            topics: [.init(name: "t", partitions: timestamps.map { .init(partitionIndex: 0, timestamp: $0) })])
        let response = ListOffsetsHandler(context: fixture.context).handle(request, version: version)
        return response.topics.first?.partitions.map { ($0.offset, $0.timestamp, $0.errorCode) } ?? []
    }

    @Test func earliestLatestTimestampAndMaxTimestamp() throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        let log = try #require(fixture.store.partition("t", 0))
        _ = try log.append(Batches.make(["a", "b", "c"], timestamps: [1000, 2000, 3000]))
        _ = try log.append(Batches.make(["d", "e"], timestamps: [9000, 4000]))
        let answers = lookUp(fixture, [-2, -1, 1500, 2000, 3500, 5000, 9001, -3])
        #expect(answers[0] == (0, -1, 0))
        #expect(answers[1] == (5, -1, 0))
        // Record-exact answers inside a batch, not the batch's base offset.
        #expect(answers[2] == (1, 2000, 0))
        #expect(answers[3] == (1, 2000, 0))
        #expect(answers[4] == (3, 9000, 0))
        #expect(answers[5] == (3, 9000, 0))
        #expect(answers[6] == (-1, -1, 0))
        #expect(answers[7] == (3, 9000, 0))
    }

    @Test func emptyPartitionsAndUnknownPartitions() throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        #expect(lookUp(fixture, [-3, 100])[0] == (-1, -1, 0))
        #expect(lookUp(fixture, [100])[0] == (-1, -1, 0))
        let request = ListOffsetsRequest(topics: [.init(name: "t", partitions: [.init(partitionIndex: 4, timestamp: -1)])])
        let response = ListOffsetsHandler(context: fixture.context).handle(request, version: 5)
        #expect(response.topics.first?.partitions.first?.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue)
    }
}
