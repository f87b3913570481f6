import NIOCore
import RivuletCore

/// One header of a record (Kafka 0.11+): a string key and an optional byte value.
///
/// ```
/// headerKeyLength varint   (never negative)
/// headerKey       UTF-8 bytes
/// headerValueLength varint (-1 = null)
/// value           bytes
/// ```
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    /// A slice of the batch it was decoded from (no copy); nil is Kafka's null, distinct from empty.
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }

    /// Bytes this header takes inside a record.
    public var encodedSize: Int {
        let keyCount = key.utf8.count
        return Varint.signedSize(Int64(keyCount)) + keyCount + Record.nullableBytesSize(value)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeVarint(Int64(key.utf8.count))
        buffer.writeString(key)
        buffer.writeNullableRecordBytes(value)
    }

    /// Decodes one header from `body`, the remaining bytes of its record.
    static func decode(from body: inout ByteBuffer) throws(KafkaProtocolError) -> RecordHeader {
        let keyLength = try body.readRecordVarint32("header key length")
        // Kafka keys are non-nullable strings; a negative length is malformed, not null.
        guard keyLength >= 0, Int(keyLength) <= body.readableBytes else {
            throw KafkaProtocolError(
                .lengthOutOfRange,
                "record header key length \(keyLength) is outside 0...\(body.readableBytes), the bytes left in the record"
            )
        }
        // Invalid UTF-8 becomes U+FFFD, as Kafka's Java decoder does; the batch bytes are untouched.
        let key = body.readString(length: Int(keyLength)) ?? ""
        let value = try body.readNullableRecordBytes("header value")
        return RecordHeader(key: key, value: value)
    }
}
