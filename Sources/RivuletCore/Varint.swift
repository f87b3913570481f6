/// Kafka's variable-length integers (protobuf style): unsigned LEB128 and zig-zag signed.
///
/// Decoding works on raw bytes and reports how many it consumed, so callers over any
/// buffer type can use it; it never reads past `bytes.count` and rejects over-long encodings.
public enum Varint {
    public static let maxLength32 = 5
    public static let maxLength64 = 10

    @inlinable public static func zigZag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    @inlinable public static func unZigZag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    /// Number of bytes `encodeUnsigned(value)` writes.
    @inlinable public static func unsignedSize(_ value: UInt64) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }

    @inlinable public static func signedSize(_ value: Int64) -> Int { unsignedSize(zigZag(value)) }

    @inlinable
    public static func encodeUnsigned(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    @inlinable
    public static func encodeSigned(_ value: Int64, into out: inout [UInt8]) {
        encodeUnsigned(zigZag(value), into: &out)
    }

    /// Decodes an unsigned varint of at most `maxLength` bytes at the start of `bytes`.
    /// Returns nil when the bytes end early or the encoding is longer than allowed.
    @inlinable
    public static func decodeUnsigned(
        _ bytes: UnsafeRawBufferPointer, maxLength: Int = maxLength64
    ) -> (value: UInt64, length: Int)? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = 0
        while index < bytes.count && index < maxLength {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return (result, index) }
            shift += 7
        }
        return nil
    }

    @inlinable
    public static func decodeSigned(
        _ bytes: UnsafeRawBufferPointer, maxLength: Int = maxLength64
    ) -> (value: Int64, length: Int)? {
        guard let (raw, length) = decodeUnsigned(bytes, maxLength: maxLength) else { return nil }
        return (unZigZag(raw), length)
    }
}
