import KafkaProtocol
import NIOCore
import TestSupport
import Testing

/// What a test appends to a builder; `expected(at:base:)` is the `Record` decoding must return.
struct RecordInput {
    var timestamp: Int64
    var key: ByteBuffer?
    var value: ByteBuffer?
    var headers: [RecordHeader]

    func expected(offsetDelta: Int32, baseTimestamp: Int64) -> Record {
        Record(
            timestampDelta: timestamp &- baseTimestamp, offsetDelta: offsetDelta, key: key, value: value,
            headers: headers)
    }
}

/// Producer and attribute settings of a random batch.
struct BatchInput {
    var baseOffset: Int64
    var partitionLeaderEpoch: Int32
    var timestampType: TimestampType
    var isTransactional: Bool
    var isControl: Bool
    var producerID: Int64
    var producerEpoch: Int16
    var baseSequence: Int32
    var records: [RecordInput]

    func build() -> RecordBatch {
        var builder = RecordBatchBuilder(
            baseOffset: baseOffset, partitionLeaderEpoch: partitionLeaderEpoch, timestampType: timestampType,
            isTransactional: isTransactional, isControl: isControl, producerID: producerID,
            producerEpoch: producerEpoch, baseSequence: baseSequence, estimatedSize: 256)
        for record in records {
            builder.append(timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers)
        }
        return builder.build()
    }

    var expectedRecords: [Record] {
        let base = records.first?.timestamp ?? RecordBatchBuilder.noTimestamp
        return records.enumerated().map { $0.element.expected(offsetDelta: Int32($0.offset), baseTimestamp: base) }
    }
}

extension SeededGenerator {
    mutating func bytes(count: Int) -> ByteBuffer {
        // Eight bytes per draw, written straight into the buffer: debug builds are slow per call.
        var buffer = ByteBuffer()
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            var index = 0
            while index < count {
                var word = next()
                for _ in 0..<min(8, count - index) {
                    raw[index] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    index += 1
                }
            }
            return count
        }
        return buffer
    }

    /// Null, empty, small, medium and (when `allowLarge`) large values, the sizes that change varint widths.
    mutating func nullableBytes(allowLarge: Bool) -> ByteBuffer? {
        switch Int.random(in: 0..<100, using: &self) {
        case 0..<20: return nil
        case 20..<30: return ByteBuffer()
        case 30..<85: return bytes(count: Int.random(in: 1...40, using: &self))
        case 85..<97 where allowLarge: return bytes(count: Int.random(in: 41...700, using: &self))
        case 97..<100 where allowLarge: return bytes(count: Int.random(in: 8_000...70_000, using: &self))
        default: return bytes(count: Int.random(in: 1...8, using: &self))
        }
    }

    mutating func headerKey() -> String {
        let alphabet = ["a", "trace-id", "é", "🚀", "key", "x-😀-y", ""]
        let parts = Int.random(in: 0...3, using: &self)
        return (0..<parts).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &self)] }.joined()
    }

    mutating func record(timestamp: Int64, allowLarge: Bool) -> RecordInput {
        let headerCount = Int.random(in: 0..<100, using: &self) < 60 ? 0 : Int.random(in: 1...4, using: &self)
        let headers = (0..<headerCount).map { _ in
            RecordHeader(key: headerKey(), value: nullableBytes(allowLarge: false))
        }
        return RecordInput(
            timestamp: timestamp, key: nullableBytes(allowLarge: allowLarge),
            value: nullableBytes(allowLarge: allowLarge), headers: headers)
    }

    mutating func batchInput(maxRecords: Int, allowLarge: Bool) -> BatchInput {
        let extremes: [Int64] = [0, -1, Int64.min, Int64.max, 1_700_000_000_000]
        let base =
            Bool.random(using: &self)
            ? Int64.random(in: 0...2_000_000_000_000, using: &self)
            : extremes[Int.random(in: 0..<extremes.count, using: &self)]
        let count = Int.random(in: 0...maxRecords, using: &self)
        let records = (0..<count).map { _ in
            // Deltas of either sign, and sometimes wrapping ones, exercise varlong widths.
            let jitter =
                Bool.random(using: &self)
                ? Int64.random(in: -5_000...60_000, using: &self) : Int64.random(in: .min ... .max, using: &self)
            return record(timestamp: base &+ jitter, allowLarge: allowLarge)
        }
        let idempotent = Bool.random(using: &self)
        return BatchInput(
            baseOffset: Int64.random(in: 0...Int64(Int32.max) * 4, using: &self),
            partitionLeaderEpoch: Int32.random(in: -1...100, using: &self),
            timestampType: Bool.random(using: &self) ? .createTime : .logAppendTime,
            isTransactional: idempotent && Bool.random(using: &self),
            isControl: Int.random(in: 0..<10, using: &self) == 0,
            producerID: idempotent ? Int64.random(in: 0...Int64.max, using: &self) : -1,
            producerEpoch: idempotent ? Int16.random(in: 0...Int16.max, using: &self) : -1,
            baseSequence: idempotent ? Int32.random(in: 0...Int32.max, using: &self) : -1,
            records: records)
    }
}

extension ByteBuffer {
    /// Concatenates the bytes of several batches, as a Produce request's `records` field holds them.
    init(concatenating batches: [RecordBatch]) {
        self.init()
        for batch in batches { writeImmutableBuffer(batch.bytes) }
    }

    /// Recomputes and stores the CRC of the batch at `index`, so tests can reach checks behind it.
    mutating func fixCRC(batchAt index: Int = 0) {
        guard let header = RecordBatchHeader.peek(self, at: index),
            let crc = RecordBatchHeader.computeCRC(self, batchAt: index, totalSize: header.totalSize)
        else { return }
        setInteger(crc, at: index + 17)
    }
}

/// The code of the error `body` throws, or nil when it returns. The API throws
/// `KafkaProtocolError` by type; closures here are untyped, so any other error is an issue.
func errorCode<T>(_ body: () throws -> T) -> KafkaProtocolError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as KafkaProtocolError {
        return error.code
    } catch {
        Issue.record("expected a KafkaProtocolError, got \(error)")
        return nil
    }
}
