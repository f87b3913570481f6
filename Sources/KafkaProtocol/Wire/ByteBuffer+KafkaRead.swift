import NIOCore
import RivuletCore

/// Throwing readers for the primitive types of the Kafka protocol (protocol.html,
/// "Protocol Primitive Types"). Every length or count read from the wire is checked against
/// the bytes that remain before anything is allocated, so hostile input costs at most the
/// size of the frame it came in.
///
/// `compact` selects the flexible-version encodings (unsigned varint length + 1, 0 = null).
extension ByteBuffer {
    @inlinable
    public mutating func readKafkaInteger<T: FixedWidthInteger>(as type: T.Type = T.self) throws -> T {
        guard let value = readInteger(as: T.self) else {
            throw KafkaProtocolError(.truncated, "expected \(MemoryLayout<T>.size)-byte integer, \(readableBytes) left")
        }
        return value
    }

    public mutating func readKafkaBool() throws -> Bool {
        try readKafkaInteger(as: Int8.self) != 0
    }

    public mutating func readKafkaUUID() throws -> KafkaUUID {
        let high = try readKafkaInteger(as: UInt64.self)
        let low = try readKafkaInteger(as: UInt64.self)
        return KafkaUUID(high: high, low: low)
    }

    /// An UNSIGNED_VARINT that must fit in 32 bits, as every length and tag does.
    public mutating func readKafkaUnsignedVarint32() throws -> UInt32 {
        let start = readerIndex
        guard let value = readUnsignedVarint(maxLength: Varint.maxLength32) else {
            throw KafkaProtocolError(.truncated, "unsigned varint at \(start) is truncated or longer than 5 bytes")
        }
        guard let narrow = UInt32(exactly: value) else {
            throw KafkaProtocolError(.lengthOutOfRange, "unsigned varint \(value) does not fit in 32 bits")
        }
        return narrow
    }

    /// Reads a length prefix: INT16 for strings, INT32 for bytes and arrays, or the compact
    /// varint form. Returns nil for null (-1, or 0 in compact form); throws when the length
    /// exceeds what remains.
    @usableFromInline
    mutating func readKafkaLength(compact: Bool, wide: Bool, what: String) throws -> Int? {
        let length: Int
        if compact {
            let raw = try readKafkaUnsignedVarint32()
            if raw == 0 { return nil }
            length = Int(raw) - 1
        } else {
            length = wide ? Int(try readKafkaInteger(as: Int32.self)) : Int(try readKafkaInteger(as: Int16.self))
            if length == -1 { return nil }
            guard length >= 0 else { throw KafkaProtocolError(.lengthOutOfRange, "\(what) length \(length)") }
        }
        guard length <= readableBytes else {
            throw KafkaProtocolError(
                .lengthOutOfRange, "\(what) length \(length) exceeds \(readableBytes) readable bytes")
        }
        return length
    }

    /// `nullable: false` is for versions in which the field may not be null though the Swift
    /// property is optional because other versions allow it.
    public mutating func readKafkaNullableString(compact: Bool, nullable: Bool = true) throws -> String? {
        guard let length = try readKafkaLength(compact: compact, wide: false, what: "string") else {
            guard nullable else { throw KafkaProtocolError(.invalidValue, "null in a non-nullable string") }
            return nil
        }
        // readString replaces invalid UTF-8 rather than failing, as Kafka's Java decoder does.
        return readString(length: length) ?? ""
    }

    public mutating func readKafkaString(compact: Bool) throws -> String {
        try readKafkaNullableString(compact: compact, nullable: false) ?? ""
    }

    public mutating func readKafkaNullableBytes(compact: Bool, nullable: Bool = true) throws -> ByteBuffer? {
        guard let length = try readKafkaLength(compact: compact, wide: true, what: "bytes") else {
            guard nullable else { throw KafkaProtocolError(.invalidValue, "null in non-nullable bytes") }
            return nil
        }
        return readSlice(length: length) ?? ByteBuffer()
    }

    public mutating func readKafkaBytes(compact: Bool) throws -> ByteBuffer {
        try readKafkaNullableBytes(compact: compact, nullable: false) ?? ByteBuffer()
    }

    /// ARRAY / COMPACT_ARRAY; nil when the wire says null. Every element takes at least one
    /// byte in practice, so a count above the readable bytes is rejected before allocating.
    @inlinable
    public mutating func readKafkaNullableArray<Element>(
        compact: Bool, nullable: Bool = true, _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element]? {
        guard let count = try readKafkaLength(compact: compact, wide: true, what: "array") else {
            guard nullable else { throw KafkaProtocolError(.invalidValue, "null in a non-nullable array") }
            return nil
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            elements.append(try readElement(&self))
        }
        return elements
    }

    @inlinable
    public mutating func readKafkaArray<Element>(
        compact: Bool, _ readElement: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        try readKafkaNullableArray(compact: compact, nullable: false, readElement) ?? []
    }
}
