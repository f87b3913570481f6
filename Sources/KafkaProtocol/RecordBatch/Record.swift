import NIOCore
import RivuletCore

/// One record inside an uncompressed RecordBatch v2 payload.
///
/// ```
/// length         varint   bytes after this field
/// attributes     int8     unused, kept as read
/// timestampDelta varlong  from the batch's baseTimestamp
/// offsetDelta    varint   from the batch's baseOffset
/// keyLength      varint   -1 = null
/// key            bytes
/// valueLength    varint   -1 = null
/// value          bytes
/// headersCount   varint
/// headers        [RecordHeader]
/// ```
/// All varints are zig-zag encoded. Decoded keys, values and header values are slices of the
/// batch buffer, so decoding copies no payload bytes.
public struct Record: Hashable, Sendable {
    public var attributes: Int8
    public var timestampDelta: Int64
    public var offsetDelta: Int32
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    /// attributes, timestampDelta, offsetDelta, keyLength, valueLength, headersCount: one byte each at least.
    static let minimumBodySize = 6
    /// `minimumBodySize` plus the one-byte length prefix; bounds how many records fit in a payload.
    static let minimumEncodedSize = 7

    public init(
        attributes: Int8 = 0, timestampDelta: Int64 = 0, offsetDelta: Int32 = 0, key: ByteBuffer? = nil,
        value: ByteBuffer? = nil, headers: [RecordHeader] = []
    ) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// Bytes after the length prefix.
    public var bodySize: Int {
        var size = 1 + Varint.signedSize(timestampDelta) + Varint.signedSize(Int64(offsetDelta))
        size += Self.nullableBytesSize(key) + Self.nullableBytesSize(value)
        size += Varint.signedSize(Int64(headers.count))
        for header in headers { size += header.encodedSize }
        return size
    }

    /// Bytes this record takes in a batch, length prefix included.
    public var encodedSize: Int {
        let body = bodySize
        return Varint.signedSize(Int64(body)) + body
    }

    static func nullableBytesSize(_ bytes: ByteBuffer?) -> Int {
        guard let bytes else { return 1 }
        return Varint.signedSize(Int64(bytes.readableBytes)) + bytes.readableBytes
    }

    /// Appends the length prefix and body. `bodySize` is passed in when the caller already has it.
    public func encode(into buffer: inout ByteBuffer, bodySize knownBodySize: Int? = nil) {
        let body = knownBodySize ?? bodySize
        let total = Varint.signedSize(Int64(body)) + body
        // One reservation and plain stores: a ByteBuffer write per field costs a producer a
        // tenth of its time in NIO's per-call bookkeeping.
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { out in
            var writer = RawFieldWriter(out: out)
            writer.varint(Int64(body))
            writer.byte(UInt8(bitPattern: attributes))
            writer.varint(timestampDelta)
            writer.varint(Int64(offsetDelta))
            writer.nullableBytes(key)
            writer.nullableBytes(value)
            writer.varint(Int64(headers.count))
            for header in headers {
                var name = header.key
                name.withUTF8 { writer.bytes(UnsafeRawBufferPointer($0), lengthPrefixed: true) }
                writer.nullableBytes(header.value)
            }
            precondition(writer.position == total, "Record.encode: size \(total) disagrees with the fields written")
            return total
        }
    }

    /// Decodes one record at the reader index of `buffer`, whose readable bytes are the rest of
    /// the batch payload: they cap the record's length. On success the reader index moves past
    /// the record; on failure `buffer` is unchanged. Key, value and headers are slices of `buffer`.
    public static func decode(from buffer: inout ByteBuffer) throws(KafkaProtocolError) -> Record {
        let scanned = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(KafkaProtocolError) in try RecordLayout.scan(bytes, at: 0) }
        }
        let layout = try scanned.get()
        let base = buffer.readerIndex
        let record = Record(
            attributes: layout.attributes, timestampDelta: layout.timestampDelta, offsetDelta: layout.offsetDelta,
            key: layout.key(in: buffer, base: base), value: layout.value(in: buffer, base: base),
            headers: try layout.headers(in: buffer, base: base))
        buffer.moveReaderIndex(forwardBy: layout.end)
        return record
    }
}

/// Stores record fields into memory reserved for exactly them (`Record.encode` sizes it).
private struct RawFieldWriter {
    let out: UnsafeMutableRawBufferPointer
    var position = 0

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        precondition(position < out.count)
        out[position] = value
        position += 1
    }

    @inline(__always)
    mutating func varint(_ value: Int64) {
        var v = Varint.zigZag(value)
        while v >= 0x80 {
            byte(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        byte(UInt8(v))
    }

    mutating func bytes(_ bytes: UnsafeRawBufferPointer, lengthPrefixed: Bool) {
        if lengthPrefixed { varint(Int64(bytes.count)) }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(position + bytes.count <= out.count)
        (out.baseAddress! + position).copyMemory(from: base, byteCount: bytes.count)
        position += bytes.count
    }

    mutating func nullableBytes(_ buffer: ByteBuffer?) {
        guard let buffer else { return varint(-1) }
        buffer.withUnsafeReadableBytes { bytes(_: $0, lengthPrefixed: true) }
    }
}
