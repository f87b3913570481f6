import KafkaProtocol
import NIOCore
import RivuletCore
import Testing
@testable import KafkaClient

@Suite struct RecordAccumulatorTests {
    func makeAccumulator(
        batchSize: Int = 400, maxInFlight: Int = 5, idempotent: Bool = true
    ) -> RecordAccumulator {
        var accumulator = RecordAccumulator(
            limits: .init(
                batchSize: batchSize, bufferMemory: 1 << 20, maxInFlightPerPartition: maxInFlight,
                linger: .milliseconds(10), deliveryTimeout: .seconds(30), idempotent: idempotent),
            partitionerSeed: 1)
        if idempotent { accumulator.setProducerID(77, epoch: 3) }
        return accumulator
    }

    @discardableResult
    func append(
        _ accumulator: inout RecordAccumulator, value: Int = 50, partition: Int32 = 0, at now: Duration = .zero
    ) -> Bool {
        accumulator.append(
            topic: "t", partition: partition, partitionCount: 3, key: nil,
            value: ByteBuffer(repeating: 1, count: value), headers: [], timestamp: 1000, completion: .none, now: now
        ).sealed
    }

    /// What the sender does with drained batches: encodes them outside the lock and keeps the
    /// encodings for retries.
    func drainEncoded(_ accumulator: inout RecordAccumulator, now: Duration, codec: CompressionCodec = .none) throws -> [ProducerBatch] {
        var ready = accumulator.drain(now: now).ready
        for i in ready.indices {
            try ready[i].encode(codec: codec)
            accumulator.storeEncoding(of: ready[i])
        }
        return ready
    }

    @Test func lingerDecidesWhenAPartialBatchGoes() {
        var accumulator = makeAccumulator()
        append(&accumulator)
        #expect(accumulator.drain(now: .milliseconds(5)).ready.isEmpty)
        #expect(accumulator.nextDeadline() == .milliseconds(10))
        let ready = accumulator.drain(now: .milliseconds(10)).ready
        #expect(ready.count == 1)
        #expect(ready.first?.recordCount == 1)
    }

    @Test func fullBatchesSealWithoutWaiting() {
        var accumulator = makeAccumulator(batchSize: 400)
        var sealed = 0
        for _ in 0..<20 where append(&accumulator, value: 100) { sealed += 1 }
        #expect(sealed >= 4)
        let ready = accumulator.drain(now: .zero).ready
        #expect(ready.count == min(sealed, 5))
        #expect(ready.allSatisfy { $0.sizeInBytes <= 400 + 150 })
    }

    @Test func inFlightLimitPerPartitionAndSequencesInOrder() throws {
        var accumulator = makeAccumulator(batchSize: 100, maxInFlight: 2)
        for _ in 0..<4 { append(&accumulator, value: 100) }
        let first = accumulator.drain(now: .zero).ready
        #expect(first.count == 2)
        #expect(first.map(\.baseSequence) == [0, 1])
        #expect(accumulator.drain(now: .zero).ready.isEmpty)
        #expect(accumulator.inFlightBatches == 2)
        // The broker acknowledged the first: one more may go, with the next sequence.
        let finished = accumulator.finish(first[0].id)
        #expect(finished != nil)
        let next = try drainEncoded(&accumulator, now: .zero)
        #expect(next.map(\.baseSequence) == [2])
        let encoded = try #require(next.first?.encoded)
        let header = try #require(RecordBatchHeader.peek(encoded, at: 0))
        #expect(header.producerID == 77 && header.producerEpoch == 3 && header.baseSequence == 2)
    }

    @Test func retriesKeepTheirSequenceAndBytesAndGoFirst() throws {
        var accumulator = makeAccumulator(batchSize: 100, maxInFlight: 1)
        for _ in 0..<2 { append(&accumulator, value: 100) }
        let sent = try #require(try drainEncoded(&accumulator, now: .zero).first)
        accumulator.retry(sent.id, at: .milliseconds(100), error: KafkaClientError(.timeout, "test"))
        #expect(accumulator.drain(now: .milliseconds(50)).ready.isEmpty)  // backing off
        let again = try #require(accumulator.drain(now: .milliseconds(100)).ready.first)
        #expect(again.id == sent.id)
        #expect(again.baseSequence == sent.baseSequence)
        #expect(again.encoded == sent.encoded)
        #expect(again.attempts == 1)
    }

    /// The accumulator keeps a sent batch's records, not its builder: after a new producer ID
    /// the retry is encoded again from them, with the new identity and sequence 0.
    @Test func aNewProducerIDReencodesTheKeptRecords() throws {
        var accumulator = makeAccumulator(batchSize: 100, maxInFlight: 1)
        append(&accumulator, value: 100)
        let sent = try #require(try drainEncoded(&accumulator, now: .zero).first)
        accumulator.retry(sent.id, at: .zero, error: KafkaClientError(.timeout, "test"))
        accumulator.setProducerID(88, epoch: 0)
        let again = try #require(try drainEncoded(&accumulator, now: .zero).first)
        let (before, after) = (try #require(sent.encoded), try #require(again.encoded))
        let header = try #require(RecordBatchHeader.peek(after, at: after.readerIndex))
        #expect(header.producerID == 88 && header.baseSequence == 0 && header.recordCount == 1)
        // Everything after the producer fields (sequence, count, records) but the sequence is unchanged.
        #expect(after.readableBytes == before.readableBytes)
        #expect(Array(after.readableBytesView.suffix(after.readableBytes - 61)) == Array(before.readableBytesView.suffix(before.readableBytes - 61)))
    }

    @Test func flushingSealsOpenBatchesAndMemoryIsReturned() throws {
        var accumulator = makeAccumulator()
        append(&accumulator, partition: 0)
        append(&accumulator, partition: 1)
        #expect(accumulator.bufferedBytes > 0)
        accumulator.flushing = true
        let ready = accumulator.drain(now: .zero).ready
        #expect(ready.count == 2)
        for batch in ready { _ = accumulator.finish(batch.id) }
        #expect(accumulator.bufferedBytes == 0)
        #expect(accumulator.isEmpty)
    }

    @Test func deliveryTimeoutFailsStuckBatches() {
        var accumulator = makeAccumulator()
        append(&accumulator)
        let drained = accumulator.drain(now: .seconds(31))
        #expect(drained.ready.isEmpty)
        #expect(drained.failed.count == 1)
        #expect(drained.failed.first?.1.code == .timeout)
    }

    /// What the producer encodes (compressed, idempotent) the consumer's decoder reads back.
    @Test(arguments: [CompressionCodec.none, .gzip, .snappy, .lz4])
    func encodedBatchesDecodeBack(codec: CompressionCodec) throws {
        var accumulator = makeAccumulator(batchSize: 16 * 1024)
        for i in 0..<5 {
            _ = accumulator.append(
                topic: "t", partition: 2, partitionCount: 3, key: ByteBuffer(string: "k\(i)"),
                value: ByteBuffer(string: String(repeating: "value-\(i) ", count: 10)),
                headers: [RecordHeader(key: "h", value: ByteBuffer(string: "\(i)"))], timestamp: 1000 + Int64(i),
                completion: .none, now: .zero)
        }
        accumulator.flushing = true
        let batch = try #require(try drainEncoded(&accumulator, now: .zero, codec: codec).first)
        var bytes = try #require(batch.encoded)
        #expect(RecordBatchHeader.peek(bytes, at: bytes.readerIndex)?.attributes.compression == codec)
        // A fetch may end in the middle of a following batch; that tail is ignored.
        var withTail = bytes
        withTail.writeBytes(bytes.readableBytesView.prefix(30))
        let decoded = try FetchedRecordDecoder.decode(
            withTail, topicPartition: TopicPartition("t", 2), fetchOffset: 2, verifyCRC: true, maxDecompressedBytes: 1 << 20)
        #expect(decoded.nextOffset == 5)
        #expect(decoded.records.map(\.offset.rawValue) == [2, 3, 4])
        #expect(decoded.records.map(\.keyString) == ["k2", "k3", "k4"])
        #expect(decoded.records.map(\.timestamp.milliseconds) == [1002, 1003, 1004])
        #expect(decoded.records.first?.headers.first?.key == "h")
        // A corrupted byte in the records fails the CRC check instead of decoding garbage.
        bytes.setInteger(bytes.getInteger(at: 70, as: UInt8.self).map { $0 ^ 0xFF } ?? 0, at: 70)
        #expect(throws: KafkaClientError.self) {
            try FetchedRecordDecoder.decode(
                bytes, topicPartition: TopicPartition("t", 2), fetchOffset: 0, verifyCRC: true, maxDecompressedBytes: 1 << 20)
        }
    }
}
