import NIOCore
import RivuletCore

/// Where one record's fields lie in an uncompressed batch payload: positions relative to the
/// start of the bytes scanned, so that a reader can use the key and value in place without
/// a `ByteBuffer` slice (and its reference count) per field.
///
/// `RecordLayout.scan` is the one place a record's framing is validated: `Record.decode` builds
/// its slices from a layout, and the pipeline source decodes values straight from layouts.
public struct RecordLayout: Sendable, Equatable {
    public var attributes: Int8
    public var timestampDelta: Int64
    public var offsetDelta: Int32
    /// Start of the key bytes, and their length; -1 for a null key.
    public var keyStart: Int
    public var keyLength: Int
    /// Start of the value bytes, and their length; -1 for a null value.
    public var valueStart: Int
    public var valueLength: Int
    /// Start of the headers (after the headers count) and how many there are.
    public var headersStart: Int
    public var headerCount: Int
    /// One past the record's last byte: where the next record starts.
    public var end: Int

    public var keyRange: Range<Int>? { keyLength < 0 ? nil : keyStart..<keyStart + keyLength }
    public var valueRange: Range<Int>? { valueLength < 0 ? nil : valueStart..<valueStart + valueLength }
    /// The header bytes, from the first header to the record's end.
    public var headersRange: Range<Int> { headersStart..<end }

    /// Reads the record that starts at `start` of `bytes`, whose end bounds the record's
    /// length; checks every length and the headers against the record's declared length, as
    /// Kafka does. Throws without reading past the end.
    public static func scan(_ bytes: UnsafeRawBufferPointer, at start: Int) throws(KafkaProtocolError) -> RecordLayout {
        var reader = SpanReader(bytes: bytes, position: start, end: bytes.count)
        let length = try reader.varint32("length")
        guard length >= Record.minimumBodySize, Int(length) <= reader.end - reader.position else {
            throw KafkaProtocolError(
                .lengthOutOfRange,
                "record length \(length) is outside \(Record.minimumBodySize)...\(reader.end - reader.position), the bytes left in the batch"
            )
        }
        reader.end = reader.position + Int(length)
        let attributes = Int8(bitPattern: bytes[reader.position])
        reader.position += 1
        let timestampDelta = try reader.varint("timestampDelta", maxLength: Varint.maxLength64)
        let offsetDelta = try reader.varint32("offsetDelta")
        let key = try reader.nullableBytes("key")
        let value = try reader.nullableBytes("value")
        let count = try reader.varint32("headersCount")
        let headersStart = reader.position
        if count != 0 {
            // Each header takes at least two bytes, which bounds the count by the bytes present.
            guard count > 0, Int(count) <= (reader.end - reader.position) / 2 else {
                throw KafkaProtocolError(
                    .lengthOutOfRange,
                    "record headersCount \(count) is outside 0...\((reader.end - reader.position) / 2) for the bytes left in the record"
                )
            }
            for _ in 0..<count {
                let keyLength = try reader.varint32("header key length")
                // Kafka keys are non-nullable strings; a negative length is malformed, not null.
                guard keyLength >= 0, Int(keyLength) <= reader.end - reader.position else {
                    throw KafkaProtocolError(
                        .lengthOutOfRange,
                        "record header key length \(keyLength) is outside 0...\(reader.end - reader.position), the bytes left in the record"
                    )
                }
                reader.position += Int(keyLength)
                _ = try reader.nullableBytes("header value")
            }
        }
        // Kafka rejects records whose declared length disagrees with their fields; so do we.
        guard reader.position == reader.end else {
            throw KafkaProtocolError(
                .invalidValue, "record length \(length) leaves \(reader.end - reader.position) bytes after the last header")
        }
        return RecordLayout(
            attributes: attributes, timestampDelta: timestampDelta, offsetDelta: offsetDelta, keyStart: key.start,
            keyLength: key.length, valueStart: value.start, valueLength: value.length, headersStart: headersStart,
            headerCount: Int(count), end: reader.end)
    }

    /// The key as a slice of `buffer` (no copy), where `base` is the buffer index the scan's byte 0 was at.
    public func key(in buffer: ByteBuffer, base: Int) -> ByteBuffer? {
        keyRange.flatMap { buffer.getSlice(at: base + $0.lowerBound, length: $0.count) }
    }

    /// The value as a slice of `buffer` (no copy); `base` as for `key(in:base:)`.
    public func value(in buffer: ByteBuffer, base: Int) -> ByteBuffer? {
        valueRange.flatMap { buffer.getSlice(at: base + $0.lowerBound, length: $0.count) }
    }

    /// The headers, their values slices of `buffer`; `base` as for `key(in:base:)`.
    public func headers(in buffer: ByteBuffer, base: Int) throws(KafkaProtocolError) -> [RecordHeader] {
        guard headerCount > 0, var body = buffer.getSlice(at: base + headersStart, length: end - headersStart) else { return [] }
        // The scan has validated them; this only builds the values.
        var headers: [RecordHeader] = []
        headers.reserveCapacity(headerCount)
        for _ in 0..<headerCount { headers.append(try RecordHeader.decode(from: &body)) }
        return headers
    }

    /// Scans the `count` records laid out in `bytes` (a batch payload, decompressed if it was
    /// compressed), appending their layouts to `layouts`. Throws on the first malformed record,
    /// and if bytes are left after the last one.
    public static func scanAll(
        _ bytes: UnsafeRawBufferPointer, count: Int, into layouts: inout [RecordLayout]
    ) throws(KafkaProtocolError) {
        var position = 0
        for scanned in 0..<max(0, count) {
            guard position < bytes.count else {
                throw KafkaProtocolError(.truncated, "record batch payload ends with \(count - scanned) declared records missing")
            }
            let layout = try scan(bytes, at: position)
            layouts.append(layout)
            position = layout.end
        }
        guard position == bytes.count else {
            throw KafkaProtocolError(.invalidValue, "record batch has \(bytes.count - position) bytes after its declared records")
        }
    }
}

/// A bounded cursor over raw record bytes; every read checks `end` first.
private struct SpanReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    var end: Int

    @inline(__always)
    mutating func varint(_ field: StaticString, maxLength: Int) throws(KafkaProtocolError) -> Int64 {
        guard position < end else { throw KafkaProtocolError(.truncated, "record ends inside the \(field) varint") }
        let first = bytes[position]
        // Most record fields are one byte long, and lengths under 8 KiB two.
        if first < 0x80 {
            position += 1
            return Varint.unZigZag(UInt64(first))
        }
        if position + 1 < end, bytes[position + 1] < 0x80 {
            let raw = UInt64(first & 0x7F) | UInt64(bytes[position + 1]) << 7
            position += 2
            return Varint.unZigZag(raw)
        }
        return try longVarint(field, maxLength: maxLength)
    }

    private mutating func longVarint(_ field: StaticString, maxLength: Int) throws(KafkaProtocolError) -> Int64 {
        let window = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
        guard let (raw, length) = Varint.decodeUnsigned(window, maxLength: maxLength) else {
            if end - position < maxLength { throw KafkaProtocolError(.truncated, "record ends inside the \(field) varint") }
            throw KafkaProtocolError(.invalidValue, "record field \(field) varint is longer than \(maxLength) bytes")
        }
        position += length
        return Varint.unZigZag(raw)
    }

    @inline(__always)
    mutating func varint32(_ field: StaticString) throws(KafkaProtocolError) -> Int32 {
        let wide = try varint(field, maxLength: Varint.maxLength32)
        guard let value = Int32(exactly: wide) else {
            throw KafkaProtocolError(.invalidValue, "record field \(field) varint \(wide) does not fit 32 bits")
        }
        return value
    }

    /// A varint length then that many bytes; length -1 is null (start is then where it would be).
    mutating func nullableBytes(_ field: StaticString) throws(KafkaProtocolError) -> (start: Int, length: Int) {
        let length = try varint32(field)
        if length == -1 { return (position, -1) }
        guard length >= 0, Int(length) <= end - position else {
            throw KafkaProtocolError(
                .lengthOutOfRange, "record \(field) length \(length) is outside -1...\(end - position), the bytes left in the record")
        }
        defer { position += Int(length) }
        return (position, Int(length))
    }
}
