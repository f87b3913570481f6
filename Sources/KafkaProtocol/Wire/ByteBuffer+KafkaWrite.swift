import NIOCore

/// Writers for the Kafka primitive types, the mirror of `ByteBuffer+KafkaRead.swift`.
///
/// Writing never fails: a nil handed to a field that is not nullable in the version being
/// written goes out as the empty value (the message types use one Swift optional across all
/// versions), and lengths are clamped by the caller's data, which is trusted.
extension ByteBuffer {
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? Int8(1) : Int8(0))
    }

    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        writeInteger(value.high)
        writeInteger(value.low)
    }

    /// Writes a length prefix; nil means null (-1, or 0 in compact form).
    @usableFromInline
    mutating func writeKafkaLength(_ length: Int?, compact: Bool, wide: Bool) {
        if compact {
            writeUnsignedVarint(length.map { UInt64($0) + 1 } ?? 0)
        } else if wide {
            writeInteger(Int32(truncatingIfNeeded: length ?? -1))
        } else {
            writeInteger(Int16(truncatingIfNeeded: length ?? -1))
        }
    }

    /// `nullable: false` writes nil as the empty string, for versions that forbid null.
    public mutating func writeKafkaNullableString(_ value: String?, compact: Bool, nullable: Bool = true) {
        guard let value else {
            if !nullable { return writeKafkaNullableString("", compact: compact) }
            writeKafkaLength(nil, compact: compact, wide: false)
            return
        }
        writeKafkaLength(value.utf8.count, compact: compact, wide: false)
        writeString(value)
    }

    public mutating func writeKafkaString(_ value: String?, compact: Bool) {
        writeKafkaNullableString(value ?? "", compact: compact)
    }

    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?, compact: Bool, nullable: Bool = true) {
        guard var value else {
            if !nullable { return writeKafkaNullableBytes(ByteBuffer(), compact: compact) }
            writeKafkaLength(nil, compact: compact, wide: true)
            return
        }
        writeKafkaLength(value.readableBytes, compact: compact, wide: true)
        writeBuffer(&value)
    }

    public mutating func writeKafkaBytes(_ value: ByteBuffer?, compact: Bool) {
        writeKafkaNullableBytes(value ?? ByteBuffer(), compact: compact)
    }

    @inlinable
    public mutating func writeKafkaNullableArray<Element>(
        _ elements: [Element]?, compact: Bool, nullable: Bool = true,
        _ writeElement: (Element, inout ByteBuffer) -> Void
    ) {
        let elements = nullable ? elements : elements ?? []
        writeKafkaLength(elements?.count, compact: compact, wide: true)
        for element in elements ?? [] {
            writeElement(element, &self)
        }
    }

    @inlinable
    public mutating func writeKafkaArray<Element>(
        _ elements: [Element]?, compact: Bool, _ writeElement: (Element, inout ByteBuffer) -> Void
    ) {
        writeKafkaNullableArray(elements, compact: compact, nullable: false, writeElement)
    }
}
