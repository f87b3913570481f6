import NIOCore
import RivuletCore

/// The fixed 61-byte header of a Kafka RecordBatch (magic v2), as the log stores it.
///
/// ```
///  0 baseOffset int64        27 baseTimestamp int64
///  8 batchLength int32       35 maxTimestamp int64
/// 12 partitionLeaderEpoch    43 producerId int64
/// 16 magic int8 (= 2)        51 producerEpoch int16
/// 17 crc uint32 (CRC32C of   53 baseSequence int32
///    bytes 21..<end)         57 recordCount int32
/// 21 attributes int16        61 records…
/// 23 lastOffsetDelta int32
/// ```
/// `batchLength` counts the bytes after itself, so a whole batch is `batchLength + 12` bytes.
public struct RecordBatchHeader: Hashable, Sendable {
    public static let size = 61
    public static let lengthPrefixSize = 12
    public static let crcStart = 21
    public static let magicV2: Int8 = 2

    public var baseOffset: Int64
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: RecordBatchAttributes
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerID: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordCount: Int32

    public init(
        baseOffset: Int64 = 0, batchLength: Int32 = 0, partitionLeaderEpoch: Int32 = -1, magic: Int8 = magicV2,
        crc: UInt32 = 0, attributes: RecordBatchAttributes = RecordBatchAttributes(), lastOffsetDelta: Int32 = 0,
        baseTimestamp: Int64 = 0, maxTimestamp: Int64 = 0, producerID: Int64 = -1, producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1, recordCount: Int32 = 0
    ) {
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// Total bytes of the batch including offset and length fields.
    public var totalSize: Int { Int(batchLength) + Self.lengthPrefixSize }
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }
    public var isIdempotent: Bool { producerID >= 0 }

    /// Reads the header at `index` without moving the reader index. Nil when fewer than
    /// `size` bytes are readable there.
    public static func peek(_ buffer: ByteBuffer, at index: Int) -> RecordBatchHeader? {
        guard index >= buffer.readerIndex, index <= buffer.writerIndex - size,
            let baseOffset = buffer.getInteger(at: index, as: Int64.self),
            let batchLength = buffer.getInteger(at: index + 8, as: Int32.self),
            let leaderEpoch = buffer.getInteger(at: index + 12, as: Int32.self),
            let magic = buffer.getInteger(at: index + 16, as: Int8.self),
            let crc = buffer.getInteger(at: index + 17, as: UInt32.self),
            let attributes = buffer.getInteger(at: index + 21, as: Int16.self),
            let lastOffsetDelta = buffer.getInteger(at: index + 23, as: Int32.self),
            let baseTimestamp = buffer.getInteger(at: index + 27, as: Int64.self),
            let maxTimestamp = buffer.getInteger(at: index + 35, as: Int64.self),
            let producerID = buffer.getInteger(at: index + 43, as: Int64.self),
            let producerEpoch = buffer.getInteger(at: index + 51, as: Int16.self),
            let baseSequence = buffer.getInteger(at: index + 53, as: Int32.self),
            let recordCount = buffer.getInteger(at: index + 57, as: Int32.self)
        else { return nil }
        return RecordBatchHeader(
            baseOffset: baseOffset, batchLength: batchLength, partitionLeaderEpoch: leaderEpoch, magic: magic,
            crc: crc, attributes: RecordBatchAttributes(rawValue: attributes), lastOffsetDelta: lastOffsetDelta,
            baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp, producerID: producerID,
            producerEpoch: producerEpoch, baseSequence: baseSequence, recordCount: recordCount)
    }

    /// Writes the 61 header bytes (the caller fills `crc` and `batchLength` correctly).
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(baseOffset)
        buffer.writeInteger(batchLength)
        buffer.writeInteger(partitionLeaderEpoch)
        buffer.writeInteger(magic)
        buffer.writeInteger(crc)
        buffer.writeInteger(attributes.rawValue)
        buffer.writeInteger(lastOffsetDelta)
        buffer.writeInteger(baseTimestamp)
        buffer.writeInteger(maxTimestamp)
        buffer.writeInteger(producerID)
        buffer.writeInteger(producerEpoch)
        buffer.writeInteger(baseSequence)
        buffer.writeInteger(recordCount)
    }

    /// CRC32C over `attributes` to the end of the batch starting at `index`, as Kafka defines it.
    public static func computeCRC(_ buffer: ByteBuffer, batchAt index: Int, totalSize: Int) -> UInt32? {
        guard totalSize >= size, index >= buffer.readerIndex, index <= buffer.writerIndex - totalSize else { return nil }
        return buffer.withUnsafeReadableBytes { raw in
            let start = index - buffer.readerIndex + crcStart
            return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[start..<(index - buffer.readerIndex + totalSize)]))
        }
    }

    /// Rewrites `baseOffset` in place; the CRC does not cover it, so nothing else changes.
    /// Returns false, writing nothing, when `index` is not 8 readable bytes inside `buffer`
    /// (NIO's `setInteger` would otherwise write past the writer index or trap on a negative index).
    @discardableResult
    public static func setBaseOffset(_ offset: Int64, in buffer: inout ByteBuffer, batchAt index: Int) -> Bool {
        guard index >= buffer.readerIndex, index <= buffer.writerIndex - 8 else { return false }
        buffer.setInteger(offset, at: index)
        return true
    }
}

/// The `attributes` bit field: compression (bits 0–2), timestamp type (3), transactional (4),
/// control (5), delete horizon (6).
public struct RecordBatchAttributes: Hashable, Sendable {
    public var rawValue: Int16
    public init(rawValue: Int16 = 0) { self.rawValue = rawValue }

    public var compression: CompressionCodec? {
        get { CompressionCodec(rawValue: Int8(rawValue & 0x7)) }
        set { rawValue = (rawValue & ~0x7) | Int16(newValue?.rawValue ?? 0) }
    }
    public var compressionBits: Int8 { Int8(rawValue & 0x7) }
    public var timestampType: TimestampType {
        get { rawValue & 0x8 != 0 ? .logAppendTime : .createTime }
        set { rawValue = newValue == .logAppendTime ? rawValue | 0x8 : rawValue & ~0x8 }
    }
    public var isTransactional: Bool {
        get { rawValue & 0x10 != 0 }
        set { rawValue = newValue ? rawValue | 0x10 : rawValue & ~0x10 }
    }
    public var isControl: Bool {
        get { rawValue & 0x20 != 0 }
        set { rawValue = newValue ? rawValue | 0x20 : rawValue & ~0x20 }
    }
    public var hasDeleteHorizon: Bool { rawValue & 0x40 != 0 }
}

public enum CompressionCodec: Int8, Sendable, CaseIterable {
    case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4
}

public enum TimestampType: Sendable {
    case createTime, logAppendTime
}
