import KafkaProtocol
import NIOCore

extension RecordBatch {
    /// The batch's wire bytes with its records compressed by `codec` (through
    /// `RecordCompression`), after `adjust` has had its say on the header (producer identity,
    /// sequence); the length, attributes and CRC are set to match.
    public func compressed(
        with codec: CompressionCodec, adjust: (inout RecordBatchHeader) -> Void = { _ in }
    ) throws(KafkaClientError) -> ByteBuffer {
        var header = self.header
        adjust(&header)
        var payload = bytes
        payload.moveReaderIndex(forwardBy: RecordBatchHeader.size)
        var records = payload.readBytes(length: payload.readableBytes) ?? []
        if codec != .none { records = try RecordCompression.compress(records, codec: codec) }
        header.attributes.compression = codec
        header.batchLength = Int32(RecordBatchHeader.size - RecordBatchHeader.lengthPrefixSize + records.count)
        header.crc = 0
        var out = ByteBuffer()
        out.reserveCapacity(RecordBatchHeader.size + records.count)
        header.write(to: &out)
        out.writeBytes(records)
        let crc = RecordBatchHeader.computeCRC(out, batchAt: out.readerIndex, totalSize: out.readableBytes) ?? 0
        out.setInteger(crc, at: out.readerIndex + 17)
        return out
    }

    /// The records of a batch whatever its codec: an uncompressed batch is walked in place, a
    /// compressed one is decompressed first (see `decompressedPayload`). The iterator throws
    /// `KafkaProtocolError` on a malformed record.
    public func decompressedRecords(
        maxDecompressedBytes: Int = RecordCompression.defaultMaxDecompressedBytes
    ) throws(KafkaClientError) -> RecordIterator {
        RecordIterator(uncompressedRecords: try decompressedPayload(maxDecompressedBytes: maxDecompressedBytes), count: recordCount)
    }

    /// The batch's records as laid out uncompressed: the payload itself for an uncompressed
    /// batch, else its decompression through `RecordCompression`, refusing more than
    /// `maxDecompressedBytes`. Throws `KafkaClientError` for a codec this client cannot read,
    /// a negative record count, or data that does not decompress.
    public func decompressedPayload(
        maxDecompressedBytes: Int = RecordCompression.defaultMaxDecompressedBytes
    ) throws(KafkaClientError) -> ByteBuffer {
        guard let codec = compression else {
            throw KafkaClientError(
                .unsupportedCompression, "batch at offset \(baseOffset) names unknown compression bits \(attributes.compressionBits)")
        }
        guard recordCount >= 0 else {
            throw KafkaClientError(.protocolError, "batch at offset \(baseOffset) declares \(recordCount) records")
        }
        var payload = bytes
        payload.moveReaderIndex(forwardBy: RecordBatchHeader.size)
        guard codec != .none else { return payload }
        let compressed = payload.readBytes(length: payload.readableBytes) ?? []
        return ByteBuffer(bytes: try RecordCompression.decompress(compressed, codec: codec, maxOutputBytes: maxDecompressedBytes))
    }
}
