import CRC32CHardware

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of Kafka's
/// RecordBatch v2 and of Rivulet's own on-disk files.
///
/// Uses the SSE4.2 `crc32` instruction when the CPU has it and a slicing-by-8 table
/// otherwise; both give identical results (tested).
public enum CRC32C {
    public static let hardwareAccelerated: Bool = rivulet_crc32c_hardware_available() != 0

    /// The checksum of `bytes`, continuing from `previous` (the result of an earlier call).
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        if hardwareAccelerated { return hardwareChecksum(bytes, continuing: previous) }
        return softwareChecksum(bytes, continuing: previous)
    }

    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes, continuing previous: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({
            checksum(UnsafeRawBufferPointer($0), continuing: previous)
        }) {
            return result
        }
        let copy = Array(bytes)
        return copy.withUnsafeBytes { checksum($0, continuing: previous) }
    }

    @usableFromInline
    static func hardwareChecksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return previous }
        return ~rivulet_crc32c_hardware_update(~previous, base, bytes.count)
    }

    /// Slicing-by-8 over the reflected polynomial; used on CPUs without SSE4.2 and in tests.
    public static func softwareChecksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = ~previous
        var index = 0
        let count = bytes.count
        table.withUnsafeBufferPointer { t in
            while count - index >= 8 {
                let low = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                    | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                let one = crc ^ low
                crc = t[7 * 256 + Int(one & 0xFF)] ^ t[6 * 256 + Int((one >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((one >> 16) & 0xFF)] ^ t[4 * 256 + Int(one >> 24)]
                    ^ t[3 * 256 + Int(bytes[index + 4])] ^ t[2 * 256 + Int(bytes[index + 5])]
                    ^ t[1 * 256 + Int(bytes[index + 6])] ^ t[Int(bytes[index + 7])]
                index += 8
            }
            while index < count {
                crc = t[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        return ~crc
    }

    /// 8 tables of 256 entries: table k advances a byte through k further zero bytes.
    static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[n] = c
        }
        for n in 0..<256 {
            var c = t[n]
            for k in 1..<8 {
                c = t[Int(c & 0xFF)] ^ (c >> 8)
                t[k * 256 + n] = c
            }
        }
        return t
    }()
}
