import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// Builds valid uncompressed RecordBatch v2 bytes whose record values are derived from
/// `seed`, so a test can recompute what any offset must contain.
enum BatchFixtures {
    static func batch(records: Int, valueSize: Int, timestamp: Int64, seed: UInt64 = 0) -> ByteBuffer {
        var builder = RecordBatchBuilder(estimatedSize: records * (valueSize + 16) + 64)
        for i in 0..<records {
            builder.append(timestamp: timestamp, key: nil, value: ByteBuffer(bytes: value(seed: seed &+ UInt64(i), size: valueSize)))
        }
        return builder.build().bytes
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
