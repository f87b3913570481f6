import NIOCore
import RivuletCore

extension ByteBuffer {
    /// Reads an unsigned varint (at most `maxLength` bytes); nil, with the reader index
    /// unchanged, when the bytes end early or the encoding is too long.
    @inlinable
    public mutating func readUnsignedVarint(maxLength: Int = Varint.maxLength64) -> UInt64? {
        // Most record fields are one byte: read it without the general decoder.
        if maxLength > 0, let first = getInteger(at: readerIndex, as: UInt8.self), first < 0x80 {
            moveReaderIndex(forwardBy: 1)
            return UInt64(first)
        }
        let decoded = withUnsafeReadableBytes { Varint.decodeUnsigned($0, maxLength: maxLength) }
        guard let decoded else { return nil }
        moveReaderIndex(forwardBy: decoded.length)
        return decoded.value
    }

    /// Reads a zig-zag signed varint; nil, with the reader index unchanged, on bad input.
    @inlinable
    public mutating func readVarint(maxLength: Int = Varint.maxLength64) -> Int64? {
        guard let raw = readUnsignedVarint(maxLength: maxLength) else { return nil }
        return Varint.unZigZag(raw)
    }

    @inlinable
    @discardableResult
    public mutating func writeUnsignedVarint(_ value: UInt64) -> Int {
        // Record fields are mostly one or two bytes long: each is one write, not one per byte.
        if value < 0x80 {
            writeInteger(UInt8(value))
            return 1
        }
        if value < 0x4000 {
            writeInteger(UInt16(value & 0x7F | 0x80) | UInt16(value >> 7) << 8, endianness: .little)
            return 2
        }
        var v = value
        var written = 0
        while v >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
            written += 1
        }
        writeInteger(UInt8(v))
        return written + 1
    }

    @inlinable
    @discardableResult
    public mutating func writeVarint(_ value: Int64) -> Int {
        writeUnsignedVarint(Varint.zigZag(value))
    }
}
