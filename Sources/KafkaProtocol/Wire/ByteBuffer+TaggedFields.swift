import NIOCore

/// The tagged-field section that ends every structure in a flexible version (KIP-482):
/// UNSIGNED_VARINT count, then per field UNSIGNED_VARINT tag, UNSIGNED_VARINT size, bytes.
///
/// Decoders hand each field to a closure as a slice of exactly its size, so a known field
/// cannot read into its neighbours and an unknown one is skipped without being parsed.
extension ByteBuffer {
    /// One encoded tagged field, ready to be written in tag order.
    public struct KafkaTaggedField: Sendable {
        public var tag: UInt32
        public var bytes: ByteBuffer
        public init(tag: UInt32, bytes: ByteBuffer) {
            self.tag = tag
            self.bytes = bytes
        }
    }

    public mutating func readKafkaTaggedFields(_ readField: (_ tag: UInt32, _ field: inout ByteBuffer) throws -> Void)
        throws
    {
        let count = try readKafkaUnsignedVarint32()
        // Each field needs at least a tag byte and a size byte.
        guard Int(count) <= readableBytes / 2 else {
            throw KafkaProtocolError(.lengthOutOfRange, "\(count) tagged fields in \(readableBytes) bytes")
        }
        var previousTag: UInt32?
        for _ in 0..<count {
            let tag = try readKafkaUnsignedVarint32()
            if let previousTag, tag <= previousTag {
                throw KafkaProtocolError(.invalidValue, "tagged field \(tag) follows \(previousTag); tags must ascend")
            }
            previousTag = tag
            let size = try readKafkaUnsignedVarint32()
            guard var field = readSlice(length: Int(size)) else {
                throw KafkaProtocolError(
                    .lengthOutOfRange, "tagged field \(tag) of \(size) bytes, \(readableBytes) left")
            }
            try readField(tag, &field)
        }
    }

    /// Skips a tag section whose fields this version does not define.
    public mutating func skipKafkaTaggedFields() throws {
        try readKafkaTaggedFields { _, _ in }
    }

    /// Writes the given fields, which must be in ascending tag order; none writes one 0 byte.
    public mutating func writeKafkaTaggedFields(_ fields: [KafkaTaggedField]) {
        writeUnsignedVarint(UInt64(fields.count))
        for var field in fields {
            writeUnsignedVarint(UInt64(field.tag))
            writeUnsignedVarint(UInt64(field.bytes.readableBytes))
            writeBuffer(&field.bytes)
        }
    }

    public mutating func writeKafkaEmptyTaggedFields() {
        writeInteger(UInt8(0))
    }
}
