import NIOCore
import RivuletCore

// Field readers and writers shared by `Record` and `RecordHeader`. Every reader either
// returns a value that fits the bytes left in the enclosing record or throws; none traps.
extension ByteBuffer {
    /// Reads a zig-zag varint that Kafka declares as a 32-bit `varint`.
    mutating func readRecordVarint32(_ field: StaticString) throws(KafkaProtocolError) -> Int32 {
        let wide = try readRecordVarint(field, maxLength: Varint.maxLength32)
        guard let value = Int32(exactly: wide) else {
            throw KafkaProtocolError(.invalidValue, "record field \(field) varint \(wide) does not fit 32 bits")
        }
        return value
    }

    private mutating func readRecordVarint(_ field: StaticString, maxLength: Int) throws(KafkaProtocolError) -> Int64 {
        if let value = readVarint(maxLength: maxLength) { return value }
        // `readVarint` fails either because the bytes ran out or because the encoding is too long.
        if readableBytes < maxLength {
            throw KafkaProtocolError(.truncated, "record ends inside the \(field) varint")
        }
        throw KafkaProtocolError(.invalidValue, "record field \(field) varint is longer than \(maxLength) bytes")
    }

    /// Reads a varint length then that many bytes as a zero-copy slice; length -1 is null.
    mutating func readNullableRecordBytes(_ field: StaticString) throws(KafkaProtocolError) -> ByteBuffer? {
        let length = try readRecordVarint32(field)
        if length == -1 { return nil }
        // The length is checked against the bytes present before any slice is taken.
        guard length >= 0, Int(length) <= readableBytes, let bytes = readSlice(length: Int(length)) else {
            throw KafkaProtocolError(
                .lengthOutOfRange,
                "record \(field) length \(length) is outside -1...\(readableBytes), the bytes left in the record")
        }
        return bytes
    }

    mutating func writeNullableRecordBytes(_ bytes: ByteBuffer?) {
        guard let bytes else {
            writeVarint(-1)
            return
        }
        writeVarint(Int64(bytes.readableBytes))
        writeImmutableBuffer(bytes)
    }
}
