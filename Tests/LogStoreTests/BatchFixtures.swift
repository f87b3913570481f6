import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// Builds valid uncompressed RecordBatch v2 bytes whose record values are derived from
/// `seed`, so a test can recompute what any offset must contain.
enum BatchFixtures {
    static func batch(records: Int, valueSize: Int, timestamp: Int64, seed: UInt64 = 0) -> ByteBuffer {
        var body = ByteBuffer()
        for i in 0..<records {
            var record = ByteBuffer()
            record.writeInteger(Int8(0))  // attributes
            record.writeVarint(0)  // timestamp delta
            record.writeVarint(Int64(i))  // offset delta
            record.writeVarint(-1)  // null key
            record.writeVarint(Int64(valueSize))
            record.writeBytes(value(seed: seed &+ UInt64(i), size: valueSize))
            record.writeVarint(0)  // headers
            body.writeVarint(Int64(record.readableBytes))
            body.writeBuffer(&record)
        }
        var header = RecordBatchHeader(
            batchLength: Int32(RecordBatchHeader.size - 12 + body.readableBytes), lastOffsetDelta: Int32(records - 1),
            baseTimestamp: timestamp, maxTimestamp: timestamp, recordCount: Int32(records))
        var out = ByteBuffer()
        header.write(to: &out)
        out.writeBuffer(&body)
        header.crc = RecordBatchHeader.computeCRC(out, batchAt: 0, totalSize: out.readableBytes)!
        out.setInteger(header.crc, at: 17)
        return out
    }

    static func value(seed: UInt64, size: Int) -> [UInt8] {
        var x = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<size).map { _ in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return UInt8(truncatingIfNeeded: x)
        }
    }

    /// Splits concatenated batches into (header, bytes) pairs.
    static func split(_ buffer: ByteBuffer) -> [(RecordBatchHeader, ByteBuffer)] {
        var result: [(RecordBatchHeader, ByteBuffer)] = []
        var at = buffer.readerIndex
        while let header = RecordBatchHeader.peek(buffer, at: at), at + header.totalSize <= buffer.writerIndex {
            result.append((header, buffer.getSlice(at: at, length: header.totalSize)!))
            at += header.totalSize
        }
        return result
    }
}
