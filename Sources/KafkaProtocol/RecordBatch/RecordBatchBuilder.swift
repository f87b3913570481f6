import NIOCore
import RivuletCore

/// Writes an uncompressed RecordBatch v2 from records, appending into one buffer.
///
/// The header is written with placeholders first; `build()` patches `batchLength`,
/// `lastOffsetDelta`, the timestamps, `recordCount` and finally the CRC32C over
/// attributes..end. Records get `offsetDelta` 0, 1, 2, … and a `timestampDelta` from the
/// first record's timestamp, which becomes `baseTimestamp`.
///
/// ```swift
/// var builder = RecordBatchBuilder(baseOffset: 0, estimatedSize: 4096)
/// builder.append(timestamp: now, key: nil, value: payload)
/// let batch = builder.build()
/// ```
public struct RecordBatchBuilder: Sendable {
    /// Kafka's value for "no timestamp", used for the timestamps of a batch with no records.
    public static let noTimestamp: Int64 = -1

    private var buffer: ByteBuffer
    private let start: Int
    private var count: Int32 = 0
    private var baseTimestamp: Int64 = noTimestamp
    private var maxTimestamp: Int64 = noTimestamp

    public init(
        baseOffset: Int64 = 0, partitionLeaderEpoch: Int32 = -1, timestampType: TimestampType = .createTime,
        isTransactional: Bool = false, isControl: Bool = false, producerID: Int64 = -1, producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1, estimatedSize: Int = 1024, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) {
        var attributes = RecordBatchAttributes()
        attributes.timestampType = timestampType
        attributes.isTransactional = isTransactional
        attributes.isControl = isControl
        let header = RecordBatchHeader(
            baseOffset: baseOffset, partitionLeaderEpoch: partitionLeaderEpoch, attributes: attributes,
            producerID: producerID, producerEpoch: producerEpoch, baseSequence: baseSequence)
        buffer = allocator.buffer(capacity: max(estimatedSize, RecordBatchHeader.size))
        start = buffer.writerIndex
        header.write(to: &buffer)
    }

    public var recordCount: Int { Int(count) }
    /// Bytes the batch would take if built now.
    public var sizeInBytes: Int { buffer.writerIndex - start }

    /// Appends a record with an absolute `timestamp` (milliseconds) and the next offset delta.
    public mutating func append(
        timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = []
    ) {
        if count == 0 { baseTimestamp = timestamp }
        maxTimestamp = count == 0 ? timestamp : max(maxTimestamp, timestamp)
        // Wrapping subtraction mirrors Java's long arithmetic; decoders add it back the same way.
        let record = Record(
            timestampDelta: timestamp &- baseTimestamp, offsetDelta: count, key: key, value: value, headers: headers)
        let bodySize = record.bodySize
        let encodedSize = Varint.signedSize(Int64(bodySize)) + bodySize
        precondition(
            sizeInBytes + encodedSize <= Int(Int32.max) && count < Int32.max,
            "RecordBatchBuilder: a batch cannot exceed 2 GiB or Int32.max records")
        buffer.reserveCapacity(minimumWritableBytes: encodedSize)
        record.encode(into: &buffer, bodySize: bodySize)
        count += 1
    }

    /// Finishes the batch: patches the length, counts and timestamps, then the CRC.
    public consuming func build() -> RecordBatch {
        let batchLength = Int32(sizeInBytes - RecordBatchHeader.lengthPrefixSize)
        buffer.setInteger(batchLength, at: start + 8)
        buffer.setInteger(max(count - 1, 0), at: start + 23)
        buffer.setInteger(baseTimestamp, at: start + 27)
        buffer.setInteger(maxTimestamp, at: start + 35)
        buffer.setInteger(count, at: start + 57)
        let crc = RecordBatchHeader.computeCRC(buffer, batchAt: start, totalSize: sizeInBytes) ?? 0
        buffer.setInteger(crc, at: start + 17)
        let bytes = buffer.getSlice(at: start, length: sizeInBytes) ?? buffer
        // The header was just written by this builder, so peeking it cannot fail.
        let header = RecordBatchHeader.peek(bytes, at: bytes.readerIndex) ?? RecordBatchHeader()
        return RecordBatch(header: header, bytes: bytes)
    }
}
