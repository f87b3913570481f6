import KafkaProtocol
import NIOCore
import TestSupport
import Testing

@Suite struct RecordBatchSequenceTests {
    private func threeBatches() -> [RecordBatch] {
        var rng = SeededGenerator(seed: 21)
        return (0..<3).map { _ in
            var input = rng.batchInput(maxRecords: 4, allowLarge: false)
            input.records.append(rng.record(timestamp: 1, allowLarge: false))  // never empty
            return input.build()
        }
    }

    @Test func splitsConcatenatedBatchesWithoutCopying() throws {
        let built = threeBatches()
        let buffer = ByteBuffer(concatenating: built)
        let (batches, tail) = try RecordBatchSequence.split(buffer)
        #expect(batches == built)
        #expect(tail == 0)
        #expect(try RecordBatchSequence.split(ByteBuffer()).batches.isEmpty)
        // Views share the request's storage: same bytes, no copy.
        buffer.withUnsafeReadableBytes { whole in
            batches[1].bytes.withUnsafeReadableBytes { view in
                #expect(view.baseAddress == whole.baseAddress.map { $0 + built[0].totalSize })
            }
        }
    }

    @Test func truncatedTailIsReportedOrRejected() throws {
        let built = threeBatches()
        let whole = ByteBuffer(concatenating: built)
        let lastStart = built[0].totalSize + built[1].totalSize
        for cut in 1..<built[2].totalSize {
            let buffer = try #require(whole.getSlice(at: 0, length: lastStart + cut))
            let (batches, tail) = try RecordBatchSequence.split(buffer, allowTruncatedTail: true)
            #expect(batches.count == 2)
            #expect(tail == cut)
            #expect(errorCode { try RecordBatchSequence.split(buffer) } == .truncated)
        }
    }

    @Test func lengthMagicAndCRCErrors() throws {
        let built = threeBatches()
        let whole = ByteBuffer(concatenating: built)
        let second = built[0].totalSize
        func split(_ patch: (inout ByteBuffer) -> Void, maxBatchBytes: Int = 1 << 20) -> KafkaProtocolError.Code? {
            var copy = whole
            patch(&copy)
            return errorCode {
                try RecordBatchSequence.split(copy, maxBatchBytes: maxBatchBytes, allowTruncatedTail: true)
            }
        }
        #expect(split { _ in } == nil)
        for length in [Int32(-1), Int32.min, 0, 48, Int32.max, 1 << 20] {
            #expect(split { $0.setInteger(length, at: second + 8) } == .lengthOutOfRange)
        }
        #expect(split({ _ in }, maxBatchBytes: built[1].totalSize - 1) == .lengthOutOfRange)
        #expect(split { $0.setInteger(Int8(1), at: second + 16) } == .unsupportedVersion)
        #expect(split { $0.setInteger(UInt8(0xFF), at: second + 70) } == .corruptMessage)
        #expect(split { $0.setInteger(UInt32(0), at: second + 17) } == .corruptMessage)
        // Unverified CRCs pass; the damage then shows when records are decoded, if at all.
        var damaged = whole
        damaged.setInteger(UInt32(0), at: second + 17)
        #expect(try RecordBatchSequence.split(damaged, verifyCRC: false).batches.count == 3)
        // A partial tail whose magic is visible and wrong is garbage, not a tail.
        var garbage = whole
        garbage.writeBytes([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 7])
        #expect(errorCode { try RecordBatchSequence.split(garbage, allowTruncatedTail: true) } == .unsupportedVersion)
    }

    @Test func sequenceYieldsOneBatchAtATime() throws {
        let built = threeBatches()
        var sequence = RecordBatchSequence(
            ByteBuffer(concatenating: built), options: .init(maxBatchBytes: 4096, verifyCRC: true))
        var seen: [RecordBatch] = []
        while let batch = try sequence.next() { seen.append(batch) }
        #expect(seen == built)
        #expect(try sequence.next() == nil)
        #expect(sequence.truncatedTailBytes == 0)
    }

    @Test func assignOffsetsRewritesEveryBaseOffsetInPlace() throws {
        let built = threeBatches()
        var buffer = ByteBuffer(concatenating: built)
        buffer.writeBytes([0, 0, 0])  // a truncated tail is left alone
        let next = RecordBatchSequence.assignOffsets(in: &buffer, firstOffset: 1000)
        let (batches, tail) = try RecordBatchSequence.split(buffer, allowTruncatedTail: true)
        #expect(tail == 3)
        var expected: Int64 = 1000
        for (batch, original) in zip(batches, built) {
            #expect(batch.baseOffset == expected)
            #expect(try batch.records() == original.records())
            expected = batch.nextOffset
        }
        #expect(next == expected)
    }
}
