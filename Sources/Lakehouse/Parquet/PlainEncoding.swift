/// PLAIN encoding (Encodings.md): little-endian fixed-width values, booleans bit-packed LSB
/// first, byte arrays as a 4-byte length then the bytes.
enum PlainEncoding {
    static func encode(_ values: LeafValues, into out: inout [UInt8]) {
        encode(values, 0..<values.count, into: &out)
    }

    /// Encodes `values[range]`.
    static func encode(_ values: LeafValues, _ range: Range<Int>, into out: inout [UInt8]) {
        switch values {
        case .boolean(let v):
            var byte: UInt8 = 0
            for (i, b) in v[range].enumerated() {
                if b { byte |= 1 << UInt8(i & 7) }
                if i & 7 == 7 {
                    out.append(byte)
                    byte = 0
                }
            }
            if range.count & 7 != 0 { out.append(byte) }
        case .int32(let v):
            v[range].withUnsafeBytes { appendLittleEndian($0, &out) }
        case .int64(let v):
            v[range].withUnsafeBytes { appendLittleEndian($0, &out) }
        case .double(let v):
            v[range].withUnsafeBytes { appendLittleEndian($0, &out) }
        case .byteArray(let v):
            out.reserveCapacity(out.count + v.offsets[range.upperBound] - v.offsets[range.lowerBound] + 4 * range.count)
            v.bytes.withUnsafeBufferPointer { b in
                for i in range {
                    let start = v.offsets[i]
                    let n = UInt32(v.offsets[i + 1] - start)
                    out.append(UInt8(truncatingIfNeeded: n))
                    out.append(UInt8(truncatingIfNeeded: n >> 8))
                    out.append(UInt8(truncatingIfNeeded: n >> 16))
                    out.append(UInt8(truncatingIfNeeded: n >> 24))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<(start + Int(n))]))
                }
            }
        }
    }

    // Every platform Swift runs Rivulet on is little-endian, so in-memory bytes are PLAIN.
    private static func appendLittleEndian(_ raw: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        out.append(contentsOf: raw)
    }

    static func corrupt(_ what: String) -> LakehouseError {
        LakehouseError(.corruptFile, "malformed PLAIN values: \(what)")
    }

    /// Decodes `count` values of `type` from `bytes[p...]`, advancing `p`.
    static func decode(_ bytes: [UInt8], _ p: inout Int, _ type: PhysicalType, count: Int) throws -> LeafValues {
        let available = bytes.count - p
        switch type {
        case .boolean:
            guard (count + 7) / 8 <= available else { throw corrupt("booleans past end") }
            var v: [Bool] = []
            v.reserveCapacity(count)
            for i in 0..<count { v.append(bytes[p + i >> 3] >> UInt8(i & 7) & 1 == 1) }
            p += (count + 7) / 8
            return .boolean(v)
        case .int32:
            return .int32(try fixed(bytes, &p, count, Int32.self))
        case .int64:
            return .int64(try fixed(bytes, &p, count, Int64.self))
        case .double:
            return .double(try fixed(bytes, &p, count, Double.self))
        case .byteArray:
            guard count <= available / 4 else { throw corrupt("\(count) byte arrays past end") }
            var v = StringColumn()
            v.reserveCapacity(values: count, bytes: available - 4 * count)
            for _ in 0..<count {
                guard bytes.count - p >= 4 else { throw corrupt("truncated length") }
                let n = Int(bytes[p]) | Int(bytes[p + 1]) << 8 | Int(bytes[p + 2]) << 16 | Int(bytes[p + 3]) << 24
                p += 4
                guard n <= bytes.count - p else { throw corrupt("byte array of \(n) past end") }
                bytes.withUnsafeBytes { v.append(utf8: UnsafeRawBufferPointer(rebasing: $0[p..<p + n])) }
                p += n
            }
            return .byteArray(v)
        default:
            throw LakehouseError(.unsupportedFeature, "Parquet physical type \(type) is not supported")
        }
    }

    private static func fixed<T: BitwiseCopyable>(_ bytes: [UInt8], _ p: inout Int, _ count: Int, _: T.Type) throws
        -> [T]
    {
        let size = MemoryLayout<T>.size
        guard count <= (bytes.count - p) / size else { throw corrupt("\(count) values past end") }
        let start = p
        p += count * size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                let src = UnsafeRawBufferPointer(rebasing: raw[start..<start + count * size])
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: src)
            }
            initialized = count
        }
    }
}
