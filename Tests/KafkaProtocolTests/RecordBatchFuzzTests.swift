import KafkaProtocol
import NIOCore
import TestSupport
import Testing

/// Random and mutated bytes through every decoding entry point. Passing means nothing trapped
/// (a trap ends the test process) and, by typed throws, every failure was a KafkaProtocolError.
/// The code tallies show the mutations reach the deep checks, not only the first length check.
@Suite struct RecordBatchFuzzTests {
    private struct Tally {
        var codes: [KafkaProtocolError.Code: Int] = [:]
        var decodedRecords = 0
        var acceptedBatches = 0

        mutating func note(_ code: KafkaProtocolError.Code?) {
            if let code { codes[code, default: 0] += 1 }
        }
    }

    /// Feeds `buffer` to split (strict and lenient), validate, records() and Record.decode.
    private func exercise(_ buffer: ByteBuffer, verifyCRC: Bool, tally: inout Tally) {
        tally.note(errorCode { try RecordBatchSequence.split(buffer, maxBatchBytes: 1 << 16, verifyCRC: verifyCRC) })
        do {
            let (batches, _) = try RecordBatchSequence.split(
                buffer, maxBatchBytes: 1 << 16, verifyCRC: verifyCRC, allowTruncatedTail: true)
            for batch in batches {
                tally.acceptedBatches += 1
                tally.note(errorCode { try batch.validate() })
                do {
                    tally.decodedRecords += try batch.records().count
                } catch {
                    tally.note(error.code)
                }
            }
        } catch {
            tally.note(error.code)
        }
        tally.note(errorCode { try RecordBatch(bytes: buffer).records() })
        var records = buffer
        records.moveReaderIndex(forwardBy: min(RecordBatchHeader.size, records.readableBytes))
        tally.note(errorCode { try Record.decode(from: &records) })
    }

    @Test func randomBuffers() {
        var rng = SeededGenerator(seed: 0xF00D)
        var tally = Tally()
        for iteration in 0..<20_000 {
            var buffer = rng.bytes(count: Int.random(in: 0...200, using: &rng))
            // Two thirds get a plausible frame (length, magic 2, maybe CRC) so random bytes reach the record decoder.
            if iteration % 3 != 0, buffer.readableBytes >= RecordBatchHeader.size {
                buffer.setInteger(Int32(buffer.readableBytes - 12), at: 8)
                buffer.setInteger(RecordBatchHeader.magicV2, at: 16)
                buffer.setInteger(Int16.random(in: 0...0x3F, using: &rng) & ~0x7, at: 21)
                buffer.setInteger(Int32.random(in: 0...4, using: &rng), at: 57)
                buffer.setInteger(Int32.random(in: 0...4, using: &rng), at: 23)
                if Bool.random(using: &rng) { buffer.fixCRC() }
            } else if Bool.random(using: &rng), buffer.readableBytes >= 17 {
                // A plausible length with a random magic byte.
                buffer.setInteger(Int32(buffer.readableBytes - 12), at: 8)
            }
            exercise(buffer, verifyCRC: Bool.random(using: &rng), tally: &tally)
        }
        #expect(tally.codes[.lengthOutOfRange, default: 0] > 0)
        #expect(tally.codes[.truncated, default: 0] > 0)
        #expect(tally.codes[.corruptMessage, default: 0] > 0)
        #expect(tally.codes[.unsupportedVersion, default: 0] > 0)
        #expect(tally.acceptedBatches > 0)
    }

    @Test func mutatedValidBatches() throws {
        var rng = SeededGenerator(seed: 0xBEEF)
        let pool = (0..<40).map { _ in rng.batchInput(maxRecords: 5, allowLarge: false).build() }
        var tally = Tally()
        for _ in 0..<20_000 {
            var batches = [pool[Int.random(in: 0..<pool.count, using: &rng)]]
            if Bool.random(using: &rng) { batches.append(pool[Int.random(in: 0..<pool.count, using: &rng)]) }
            var buffer = ByteBuffer(concatenating: batches)
            mutate(&buffer, using: &rng)
            exercise(buffer, verifyCRC: Bool.random(using: &rng), tally: &tally)
        }
        for code: KafkaProtocolError.Code in [
            .lengthOutOfRange, .truncated, .corruptMessage, .unsupportedVersion, .invalidValue, .unsupportedCompression,
        ] {
            #expect(tally.codes[code, default: 0] > 0, "no \(code) error seen")
        }
        #expect(tally.decodedRecords > 0)
    }

    /// Bit flips, truncations, and length or count fields set to hostile values; half the time
    /// the CRC is recomputed so the damage reaches the checks behind it.
    private func mutate(_ buffer: inout ByteBuffer, using rng: inout SeededGenerator) {
        let hostile32: [Int32] = [-1, -2, Int32.min, Int32.max, 0, 1, 48, 49, 1 << 24]
        let hostileVarints: [[UInt8]] = [
            [0x01], [0x03], [0xFE, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            [0x80, 0x80, 0x80, 0x80, 0x80, 0x80], [0x7E], [0x80],
        ]
        let count = buffer.readableBytes
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:  // flip 1–3 bits anywhere
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let index = Int.random(in: 0..<count, using: &rng)
                let byte = buffer.getInteger(at: index, as: UInt8.self) ?? 0
                buffer.setInteger(byte ^ (1 << UInt8.random(in: 0..<8, using: &rng)), at: index)
            }
        case 1:  // truncate
            buffer.moveWriterIndex(to: Int.random(in: 0..<count, using: &rng))
        case 2:  // batchLength
            buffer.setInteger(hostile32[Int.random(in: 0..<hostile32.count, using: &rng)], at: 8)
        case 3:  // recordCount or lastOffsetDelta
            buffer.setInteger(
                hostile32[Int.random(in: 0..<hostile32.count, using: &rng)], at: Bool.random(using: &rng) ? 57 : 23)
        case 4:  // a varint inside the records (record length, key/value length, header count, …)
            guard count > RecordBatchHeader.size else { return }
            let varint = hostileVarints[Int.random(in: 0..<hostileVarints.count, using: &rng)]
            let index = Int.random(in: RecordBatchHeader.size..<count, using: &rng)
            buffer.setBytes(varint.prefix(count - index), at: index)
        default:  // compression bits or magic
            if Bool.random(using: &rng) {
                buffer.setInteger(Int16.random(in: 0...0x7F, using: &rng), at: 21)
            } else {
                buffer.setInteger(Int8.random(in: 0...3, using: &rng), at: 16)
            }
        }
        if Bool.random(using: &rng) { buffer.fixCRC() }
    }
}
