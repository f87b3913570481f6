import NIOCore

/// One whole RecordBatch v2 as a zero-copy view: the parsed 61-byte header plus a slice of
/// the buffer it came from, holding exactly `totalSize` bytes (header and records).
///
/// Fields are read from `header`; records are only decoded when `records()` or
/// `makeRecordIterator()` is called. Obtain batches from `RecordBatchSequence` (which checks
/// them) or `init(bytes:)` followed by `validate()`; build new ones with `RecordBatchBuilder`.
///
/// Mutating a batch (`setBaseOffset`) writes into its slice; if the underlying storage is
/// shared (for example with the request buffer it was split from) NIO copies the slice first.
/// To rewrite offsets across a whole request without copying, see
/// `RecordBatchSequence.assignOffsets(in:firstOffset:)`.
public struct RecordBatch: Sendable {
    /// Bytes of the header after the `baseOffset` and `batchLength` fields: the least a
    /// `batchLength` can be.
    public static let minimumBatchLength: Int32 = Int32(RecordBatchHeader.size - RecordBatchHeader.lengthPrefixSize)
    /// A default cap on `totalSize` for callers that have no configured limit (16 MiB; Kafka's
    /// own `message.max.bytes` default is about 1 MiB). Brokers pass their configured value.
    public static let defaultMaxBatchBytes = 16 * 1024 * 1024

    public private(set) var header: RecordBatchHeader
    /// The whole batch, `totalSize` readable bytes starting at `baseOffset`.
    public private(set) var bytes: ByteBuffer

    /// Trusts that `header` was peeked from the start of `bytes` and that `bytes` holds `totalSize` bytes.
    init(header: RecordBatchHeader, bytes: ByteBuffer) {
        self.header = header
        self.bytes = bytes
    }

    /// Wraps `bytes`, which must hold exactly one batch. Checks only that the header is present
    /// and that `batchLength` matches the byte count; call `validate()` for the rest.
    public init(bytes: ByteBuffer) throws(KafkaProtocolError) {
        guard let header = RecordBatchHeader.peek(bytes, at: bytes.readerIndex) else {
            throw KafkaProtocolError(
                .truncated, "record batch needs \(RecordBatchHeader.size) header bytes, got \(bytes.readableBytes)")
        }
        guard header.batchLength >= 0, header.totalSize == bytes.readableBytes else {
            throw KafkaProtocolError(
                .lengthOutOfRange,
                "record batch length \(header.batchLength) does not match its \(bytes.readableBytes) bytes")
        }
        self.init(header: header, bytes: bytes)
    }

    public var baseOffset: Int64 { header.baseOffset }
    /// Offset of the last record the batch was written with (it may since have been compacted away).
    public var lastOffset: Int64 { header.baseOffset &+ Int64(header.lastOffsetDelta) }
    /// The offset the next batch in the log starts at.
    public var nextOffset: Int64 { lastOffset &+ 1 }
    public var baseTimestamp: Int64 { header.baseTimestamp }
    public var maxTimestamp: Int64 { header.maxTimestamp }
    public var recordCount: Int { Int(header.recordCount) }
    /// Bytes of the whole batch including the 12-byte offset and length prefix.
    public var totalSize: Int { header.totalSize }
    public var partitionLeaderEpoch: Int32 { header.partitionLeaderEpoch }
    public var attributes: RecordBatchAttributes { header.attributes }
    /// Nil when the attribute bits name a codec this library does not know.
    public var compression: CompressionCodec? { header.attributes.compression }
    public var timestampType: TimestampType { header.attributes.timestampType }
    public var isTransactional: Bool { header.attributes.isTransactional }
    public var isControl: Bool { header.attributes.isControl }
    public var producerID: Int64 { header.producerID }
    public var producerEpoch: Int16 { header.producerEpoch }
    public var baseSequence: Int32 { header.baseSequence }
    public var crc: UInt32 { header.crc }

    /// Rewrites `baseOffset`, which the CRC does not cover, so the batch stays valid.
    public mutating func setBaseOffset(_ offset: Int64) {
        RecordBatchHeader.setBaseOffset(offset, in: &bytes, batchAt: bytes.readerIndex)
        header.baseOffset = offset
    }

    /// A copy of this batch starting at `offset`.
    public func withBaseOffset(_ offset: Int64) -> RecordBatch {
        var copy = self
        copy.setBaseOffset(offset)
        return copy
    }

    /// Rewrites `partitionLeaderEpoch`, which a leader stamps on append; the CRC does not cover it.
    public mutating func setPartitionLeaderEpoch(_ epoch: Int32) {
        bytes.setInteger(epoch, at: bytes.readerIndex + 12)
        header.partitionLeaderEpoch = epoch
    }
}

extension RecordBatch: Hashable {
    // The header is parsed from `bytes`, so the bytes alone decide equality.
    public static func == (lhs: RecordBatch, rhs: RecordBatch) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
