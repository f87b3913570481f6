import KafkaProtocol
import NIOCore
import TestSupport
import Testing

/// `RecordLayout.scanAll` (what the pipeline source decodes from) against the records the
/// batch holds: the same fields where the bytes are good, the same verdict where they are not.
@Suite struct RecordLayoutTests {
    private func payload(of batch: RecordBatch) -> ByteBuffer {
        var payload = batch.bytes
        payload.moveReaderIndex(forwardBy: RecordBatchHeader.size)
        return payload
    }

    private func scan(_ payload: ByteBuffer, count: Int) -> Result<[RecordLayout], KafkaProtocolError> {
        payload.withUnsafeReadableBytes { bytes in
            Result { () throws(KafkaProtocolError) in
                var layouts: [RecordLayout] = []
                try RecordLayout.scanAll(bytes, count: count, into: &layouts)
                return layouts
            }
        }
    }

    @Test func layoutsLocateEveryFieldOfRandomBatches() throws {
        var rng = SeededGenerator(seed: 0x1A70)
        for _ in 0..<300 {
            let input = rng.batchInput(maxRecords: 20, allowLarge: true)
            let batch = input.build()
            let payload = payload(of: batch)
            let layouts = try scan(payload, count: batch.recordCount).get()
            let expected = input.expectedRecords
            #expect(layouts.count == expected.count)
            for (layout, record) in zip(layouts, expected) {
                #expect(layout.offsetDelta == record.offsetDelta)
                #expect(layout.timestampDelta == record.timestampDelta)
                #expect(layout.headerCount == record.headers.count)
                #expect(layout.keyRange.flatMap { payload.getSlice(at: payload.readerIndex + $0.lowerBound, length: $0.count) } == record.key)
                #expect(layout.valueRange.flatMap { payload.getSlice(at: payload.readerIndex + $0.lowerBound, length: $0.count) } == record.value)
            }
        }
    }

    /// Mutated payloads: never a trap, and a scan succeeds exactly when the record iterator
    /// reads the whole batch; the tally shows the mutations reach the deep checks.
    @Test func mutatedPayloadsGetTheIteratorsVerdict() {
        var rng = SeededGenerator(seed: 0xBAD1A7)
        var codes: [KafkaProtocolError.Code: Int] = [:]
        for _ in 0..<5_000 {
            let batch = rng.batchInput(maxRecords: 6, allowLarge: false).build()
            var bytes = Array(buffer: payload(of: batch))
            guard !bytes.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] = Bool.random(using: &rng) ? UInt8.random(in: 0...255, using: &rng) : bytes[i] ^ 0x80
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &rng)) }
            let count = batch.recordCount + (Int.random(in: 0..<8, using: &rng) == 0 ? Int.random(in: -1...1, using: &rng) : 0)
            var iterator = RecordIterator(uncompressedRecords: ByteBuffer(bytes: bytes), count: count)
            var iterated: [Record]? = []
            do {
                while let record = try iterator.next() { iterated?.append(record) }
            } catch {
                iterated = nil
            }
            switch scan(ByteBuffer(bytes: bytes), count: count) {
            case .success(let layouts):
                #expect(iterated?.count == layouts.count)
            case .failure(let error):
                codes[error.code, default: 0] += 1
                #expect(iterated == nil)
            }
        }
        #expect(codes.count >= 3, "mutations reached only \(codes)")
    }
}
