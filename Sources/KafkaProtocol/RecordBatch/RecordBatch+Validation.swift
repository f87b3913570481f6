import NIOCore

// Checks shared by `RecordBatch.validate()` and `RecordBatchSequence`, in the order Kafka
// applies them: length, magic, CRC, then the counts (a flipped byte reads as a CRC error).
extension RecordBatch {
    /// Checks everything that can be checked without decoding records: magic 2, `batchLength`
    /// within `minimumBatchLength` and `maxBatchBytes`, the CRC32C (unless `verifyCRC` is false),
    /// a `recordCount` that fits the bytes, and `lastOffsetDelta`.
    public func validate(
        maxBatchBytes: Int = RecordBatch.defaultMaxBatchBytes, verifyCRC: Bool = true
    ) throws(KafkaProtocolError) {
        try Self.checkLength(header.batchLength, maxBatchBytes: maxBatchBytes, at: 0)
        try Self.checkMagic(header.magic, at: 0)
        if verifyCRC { try Self.checkCRC(header, in: bytes, batchAt: bytes.readerIndex, position: 0) }
        try Self.checkCounts(header, at: 0)
    }

    /// `position` (the batch's byte offset in its request or file) only makes messages useful.
    static func checkLength(_ batchLength: Int32, maxBatchBytes: Int, at position: Int) throws(KafkaProtocolError) {
        let totalSize = Int(batchLength) + RecordBatchHeader.lengthPrefixSize
        guard batchLength >= minimumBatchLength, totalSize <= maxBatchBytes else {
            throw KafkaProtocolError(
                .lengthOutOfRange,
                "record batch at byte \(position): batchLength \(batchLength) is outside "
                    + "\(minimumBatchLength)...\(maxBatchBytes - RecordBatchHeader.lengthPrefixSize)")
        }
    }

    static func checkMagic(_ magic: Int8, at position: Int) throws(KafkaProtocolError) {
        guard magic == RecordBatchHeader.magicV2 else {
            throw KafkaProtocolError(
                .unsupportedVersion,
                "record batch at byte \(position) has magic \(magic); only magic 2 (Kafka 0.11+) is supported")
        }
    }

    static func checkCRC(
        _ header: RecordBatchHeader, in buffer: ByteBuffer, batchAt index: Int, position: Int
    ) throws(KafkaProtocolError) {
        let computed = RecordBatchHeader.computeCRC(buffer, batchAt: index, totalSize: header.totalSize)
        guard computed == header.crc else {
            throw KafkaProtocolError(
                .corruptMessage,
                "record batch at byte \(position): CRC32C of the bytes is \(computed.map { String($0) } ?? "unavailable")"
                    + ", header says \(header.crc)")
        }
    }

    static func checkCounts(_ header: RecordBatchHeader, at position: Int) throws(KafkaProtocolError) {
        let payloadBytes = header.totalSize - RecordBatchHeader.size
        // Uncompressed records take at least 7 bytes each. Compressed payloads can expand a lot,
        // so there the decompressor caps output instead; here only the sign is checked.
        let maxCount =
            header.attributes.compressionBits == 0 ? payloadBytes / Record.minimumEncodedSize : Int(Int32.max)
        guard header.recordCount >= 0, Int(header.recordCount) <= maxCount else {
            throw KafkaProtocolError(
                .lengthOutOfRange,
                "record batch at byte \(position): recordCount \(header.recordCount) is outside 0...\(maxCount) "
                    + "for \(payloadBytes) payload bytes")
        }
        // Offsets in a batch increase, so n records span at least n - 1 deltas (more after compaction).
        guard header.lastOffsetDelta >= 0, header.lastOffsetDelta >= header.recordCount - 1 else {
            throw KafkaProtocolError(
                .invalidValue,
                "record batch at byte \(position): lastOffsetDelta \(header.lastOffsetDelta) is negative or "
                    + "smaller than recordCount \(header.recordCount) - 1")
        }
    }
}
