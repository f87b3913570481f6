import NIOCore

extension RecordBatch {
    /// Decodes every record. Uncompressed batches only for now; compressed ones throw
    /// `.unsupportedCompression`. Record counts and lengths are checked against the payload bytes.
    public func records() throws(KafkaProtocolError) -> [Record] {
        var iterator = try makeRecordIterator()
        var records: [Record] = []
        records.reserveCapacity(iterator.reservationHint)
        while let record = try iterator.next() { records.append(record) }
        return records
    }

    /// Decodes records one at a time, without building an array.
    public func makeRecordIterator() throws(KafkaProtocolError) -> RecordIterator {
        guard header.attributes.compressionBits == 0 else {
            throw KafkaProtocolError(
                .unsupportedCompression,
                "record batch compression \(header.attributes.compression.map { "\($0)" } ?? "bits \(header.attributes.compressionBits)") "
                    + "is not supported yet")
        }
        guard header.recordCount >= 0 else {
            throw KafkaProtocolError(.lengthOutOfRange, "record batch recordCount \(header.recordCount) is negative")
        }
        var payload = bytes
        payload.moveReaderIndex(forwardBy: RecordBatchHeader.size)
        return RecordIterator(payload: payload, remaining: Int(header.recordCount))
    }
}

/// Walks the records of an uncompressed batch payload. Throws on the first malformed record,
/// and at the end if the payload holds bytes beyond the declared `recordCount`.
public struct RecordIterator: Sendable {
    private var payload: ByteBuffer
    private var remaining: Int

    init(payload: ByteBuffer, remaining: Int) {
        self.payload = payload
        self.remaining = remaining
    }

    /// Walks `count` records laid out as in an uncompressed batch payload, e.g. the payload of
    /// a compressed batch after decompression.
    public init(uncompressedRecords payload: ByteBuffer, count: Int) {
        self.init(payload: payload, remaining: max(0, count))
    }

    /// How many records to reserve room for: the declared count, bounded by what the bytes can hold.
    var reservationHint: Int { min(remaining, payload.readableBytes / Record.minimumEncodedSize) }

    public mutating func next() throws(KafkaProtocolError) -> Record? {
        guard remaining > 0 else {
            guard payload.readableBytes == 0 else {
                throw KafkaProtocolError(
                    .invalidValue, "record batch has \(payload.readableBytes) bytes after its declared records")
            }
            return nil
        }
        if payload.readableBytes == 0 {
            throw KafkaProtocolError(.truncated, "record batch payload ends with \(remaining) declared records missing")
        }
        let record = try Record.decode(from: &payload)
        remaining -= 1
        return record
    }
}
