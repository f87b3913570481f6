import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import Testing

@testable import KafkaBroker

@Suite struct IdempotentProduceTests {
    func produce(_ context: BrokerContext, _ values: [String], pid: Int64, epoch: Int16, sequence: Int32) async -> ProduceResponse
        .TopicProduceResponse.PartitionProduceResponse?
    {
        let records = Batches.make(values, producerID: pid, epoch: epoch, baseSequence: sequence)
        let response = await ProduceHandler(context: context).handle(.one(topic: "t", records: records), version: 9)
        return response.responses.first?.partitionResponses.first
    }

    @Test func duplicatesAnswerTheOriginalOffsetsWithoutAppending() async throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        let ids = InitProducerIDHandler(context: fixture.context).handle(InitProducerIDRequest(transactionalID: nil), version: 4)
        #expect(ids.errorCode == 0 && ids.producerEpoch == 0 && ids.producerID > 0)
        let pid = ids.producerID
        let first = await produce(fixture.context, ["a", "b"], pid: pid, epoch: 0, sequence: 0)
        let second = await produce(fixture.context, ["c"], pid: pid, epoch: 0, sequence: 2)
        let retry = await produce(fixture.context, ["a", "b"], pid: pid, epoch: 0, sequence: 0)
        #expect(first?.errorCode == 0 && first?.baseOffset == 0)
        #expect(second?.errorCode == 0 && second?.baseOffset == 2)
        #expect(retry?.errorCode == 0 && retry?.baseOffset == 0)
        #expect(fixture.store.partition("t", 0)?.logEndOffset == Offset(3))
    }

    @Test func outOfOrderAndStaleEpochAreRefused() async throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        let pid: Int64 = 77
        #expect(await produce(fixture.context, ["a"], pid: pid, epoch: 1, sequence: 0)?.errorCode == 0)
        let gap = await produce(fixture.context, ["b"], pid: pid, epoch: 1, sequence: 5)
        #expect(gap?.errorCode == KafkaErrorCode.outOfOrderSequenceNumber.rawValue)
        let stale = await produce(fixture.context, ["b"], pid: pid, epoch: 0, sequence: 1)
        #expect(stale?.errorCode == KafkaErrorCode.invalidProducerEpoch.rawValue)
        let bumpedNotZero = await produce(fixture.context, ["b"], pid: pid, epoch: 2, sequence: 1)
        #expect(bumpedNotZero?.errorCode == KafkaErrorCode.outOfOrderSequenceNumber.rawValue)
        #expect(await produce(fixture.context, ["b"], pid: pid, epoch: 2, sequence: 0)?.errorCode == 0)
        #expect(fixture.store.partition("t", 0)?.logEndOffset == Offset(2))
    }

    @Test func duplicatesAreRecognisedAfterARestart() async throws {
        let fixture = try HandlerFixture()
        try fixture.store.createTopic("t", partitions: 1)
        let pid: Int64 = 1234
        for sequence in 0..<8 {
            let response = await produce(fixture.context, ["v\(sequence)"], pid: pid, epoch: 3, sequence: Int32(sequence))
            #expect(response?.baseOffset == Int64(sequence))
        }
        let (store, context) = try fixture.restarted()
        defer { try? store.close() }
        let retry = await produce(context, ["v7"], pid: pid, epoch: 3, sequence: 7)
        #expect(retry?.errorCode == 0 && retry?.baseOffset == 7)
        #expect(store.partition("t", 0)?.logEndOffset == Offset(8))
        let next = await produce(context, ["v8"], pid: pid, epoch: 3, sequence: 8)
        #expect(next?.baseOffset == 8)
        let gap = await produce(context, ["v10"], pid: pid, epoch: 3, sequence: 10)
        #expect(gap?.errorCode == KafkaErrorCode.outOfOrderSequenceNumber.rawValue)
    }

    @Test func sequenceStateIsPure() {
        var state = ProducerSequenceState()
        #expect(state.check(producerID: 1, epoch: 0, firstSequence: 9, lastSequence: 9) == .append)
        for i in Int32(0)..<7 {
            state.record(producerID: 1, epoch: 0, batch: .init(firstSequence: i, lastSequence: i, firstOffset: Int64(i), lastOffset: Int64(i)))
        }
        // Only the last five batches are remembered.
        #expect(state.check(producerID: 1, epoch: 0, firstSequence: 6, lastSequence: 6) == .duplicate(.init(firstSequence: 6, lastSequence: 6, firstOffset: 6, lastOffset: 6)))
        #expect(state.check(producerID: 1, epoch: 0, firstSequence: 1, lastSequence: 1) == .reject(.outOfOrderSequenceNumber))
        #expect(ProducerSequenceState.sequence(after: Int32.max) == 0)
        #expect(ProducerSequenceState.lastSequence(first: Int32.max, lastOffsetDelta: 2) == 1)
    }

    @Test func transactionalProducersAreDeclinedAndEpochsBump() {
        let fixture = try! HandlerFixture()
        let handler = InitProducerIDHandler(context: fixture.context)
        #expect(handler.handle(InitProducerIDRequest(transactionalID: "tx"), version: 4).errorCode == KafkaErrorCode.unsupportedVersion.rawValue)
        let bumped = handler.handle(InitProducerIDRequest(transactionalID: nil, producerID: 50, producerEpoch: 4), version: 4)
        #expect(bumped.producerID == 50 && bumped.producerEpoch == 5)
        let a = handler.handle(InitProducerIDRequest(transactionalID: nil), version: 1).producerID
        let b = handler.handle(InitProducerIDRequest(transactionalID: nil), version: 1).producerID
        #expect(b == a + 1)
    }
}
