import KafkaProtocol
import NIOCore
import TestSupport
import Testing

@Suite struct RecordBatchTests {
    @Test func roundTripsRandomBatches() throws {
        var rng = SeededGenerator(seed: 7)
        var inputs: [BatchInput] = []
        var built: [RecordBatch] = []
        for _ in 0..<300 {
            let input = rng.batchInput(maxRecords: 12, allowLarge: true)
            inputs.append(input)
            built.append(input.build())
        }
        let (batches, tail) = try RecordBatchSequence.split(ByteBuffer(concatenating: built))
        #expect(tail == 0)
        try #require(batches.count == inputs.count)
        for (input, batch) in zip(inputs, batches) {
            try batch.validate()
            #expect(batch.baseOffset == input.baseOffset)
            #expect(batch.partitionLeaderEpoch == input.partitionLeaderEpoch)
            #expect(batch.recordCount == input.records.count)
            #expect(batch.lastOffset == input.baseOffset + Int64(max(input.records.count - 1, 0)))
            #expect(batch.baseTimestamp == input.records.first?.timestamp ?? RecordBatchBuilder.noTimestamp)
            #expect(batch.maxTimestamp == input.records.map(\.timestamp).max() ?? RecordBatchBuilder.noTimestamp)
            #expect(batch.timestampType == input.timestampType)
            #expect(batch.isTransactional == input.isTransactional && batch.isControl == input.isControl)
            #expect(batch.producerID == input.producerID && batch.producerEpoch == input.producerEpoch)
            #expect(batch.baseSequence == input.baseSequence)
            let records = try batch.records()
            #expect(records == input.expectedRecords)
            // Absolute timestamps come back by adding the delta, wrapping like Java.
            #expect(records.map { batch.baseTimestamp &+ $0.timestampDelta } == input.records.map(\.timestamp))
        }
    }

    /// The CRC covers attributes..end: baseOffset and partitionLeaderEpoch may change freely.
    @Test func crcCoversAttributesToEnd() throws {
        var rng = SeededGenerator(seed: 3)
        let batch = rng.batchInput(maxRecords: 3, allowLarge: false).build()
        for position in 0..<batch.totalSize {
            var bytes = batch.bytes
            let index = bytes.readerIndex + position
            bytes.setInteger(try #require(bytes.getInteger(at: index, as: UInt8.self)) ^ 0x5A, at: index)
            let flipped = try RecordBatch(bytes: bytes, allowingLengthMismatch: position)
            guard let flipped else { continue }  // a flip in batchLength changes the span itself
            switch position {
            case 0..<8, 12..<16:
                #expect(throws: Never.self) { try flipped.validate() }
            case 16:
                #expect(errorCode { try flipped.validate() } == .unsupportedVersion)
            default:
                #expect(errorCode { try flipped.validate() } == .corruptMessage)
            }
        }
    }

    @Test func rewritingBaseOffsetKeepsTheBatchValid() throws {
        var rng = SeededGenerator(seed: 5)
        let batch = rng.batchInput(maxRecords: 5, allowLarge: false).build()
        let moved = batch.withBaseOffset(1_000_000)
        #expect(moved.baseOffset == 1_000_000)
        #expect(moved.lastOffset == 1_000_000 + Int64(batch.header.lastOffsetDelta))
        #expect(batch.baseOffset != 1_000_000)  // the original view is untouched
        try moved.validate()
        var stamped = moved
        stamped.setPartitionLeaderEpoch(12)
        #expect(try RecordBatch(bytes: stamped.bytes).partitionLeaderEpoch == 12)
        try stamped.validate()
        #expect(try stamped.records() == batch.records())
    }

    @Test func validateRejectsImplausibleCounts() throws {
        var builder = RecordBatchBuilder()
        builder.append(timestamp: 1, key: nil, value: nil)
        builder.append(timestamp: 2, key: nil, value: nil)
        let bytes = builder.build().bytes

        func validate(patch: (inout ByteBuffer) -> Void) -> KafkaProtocolError.Code? {
            var copy = bytes
            patch(&copy)
            copy.fixCRC()
            do {
                try RecordBatch(bytes: copy).validate()
                return nil
            } catch {
                return error.code
            }
        }
        #expect(validate { _ in } == nil)
        #expect(validate { $0.setInteger(Int32(-1), at: 57) } == .lengthOutOfRange)  // recordCount
        #expect(validate { $0.setInteger(Int32.max, at: 57) } == .lengthOutOfRange)  // too many for 16 bytes
        #expect(validate { $0.setInteger(Int32(-1), at: 23) } == .invalidValue)  // lastOffsetDelta
        #expect(validate { $0.setInteger(Int32(0), at: 23) } == .invalidValue)  // < recordCount - 1
        #expect(validate { $0.setInteger(Int32(9), at: 23) } == nil)  // gaps after compaction are fine
        #expect(validate { $0.setInteger(Int8(1), at: 16) } == .unsupportedVersion)
        // The cap applies to the whole batch size.
        #expect(
            errorCode { try RecordBatch(bytes: bytes).validate(maxBatchBytes: bytes.readableBytes - 1) }
                == .lengthOutOfRange)
    }

    @Test func recordsChecksTheCountAgainstThePayload() throws {
        var builder = RecordBatchBuilder()
        builder.append(timestamp: 1, key: nil, value: ByteBuffer(string: "a"))
        builder.append(timestamp: 2, key: nil, value: ByteBuffer(string: "b"))
        let bytes = builder.build().bytes
        func records(count: Int32) throws(KafkaProtocolError) -> [Record] {
            var copy = bytes
            copy.setInteger(count, at: 57)
            return try RecordBatch(bytes: copy).records()  // records() does not require validate()
        }
        #expect(try records(count: 2).count == 2)
        #expect(errorCode { try records(count: 1) } == .invalidValue)  // bytes left over
        #expect(errorCode { try records(count: 3) } == .truncated)
        #expect(errorCode { try records(count: Int32.max) } == .truncated)
        #expect(errorCode { try records(count: -1) } == .lengthOutOfRange)
    }

    @Test func compressedBatchesAreNotDecodedYet() throws {
        for codec in CompressionCodec.allCases where codec != .none {
            var bytes = RecordBatchBuilder().build().bytes
            var attributes = RecordBatchAttributes()
            attributes.compression = codec
            bytes.setInteger(attributes.rawValue, at: 21)
            bytes.fixCRC()
            let batch = try RecordBatch(bytes: bytes)
            try batch.validate()
            #expect(batch.compression == codec)
            #expect(errorCode { try batch.records() } == .unsupportedCompression)
        }
    }

    @Test func initChecksTheLengthAgainstTheBytes() {
        let bytes = RecordBatchBuilder().build().bytes
        #expect(errorCode { try RecordBatch(bytes: bytes.getSlice(at: 0, length: 60) ?? ByteBuffer()) } == .truncated)
        var longer = bytes
        longer.writeInteger(UInt8(0))
        #expect(errorCode { try RecordBatch(bytes: longer) } == .lengthOutOfRange)
    }
}

extension RecordBatch {
    /// For the CRC test: a flip inside `batchLength` (bytes 8..<12) yields nil instead of a batch.
    fileprivate init?(bytes: ByteBuffer, allowingLengthMismatch position: Int) throws {
        if (8..<12).contains(position) {
            #expect(throws: KafkaProtocolError.self) { try RecordBatch(bytes: bytes) }
            return nil
        }
        try self.init(bytes: bytes)
    }
}
