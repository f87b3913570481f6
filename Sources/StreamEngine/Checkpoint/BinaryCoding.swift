/// Little-endian fixed-width writer and a bounds-checked reader for checkpoint bodies.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func optionalI64(_ v: Int64?) {
        u8(v == nil ? 0 : 1)
        i64(v ?? 0)
    }
    mutating func count(_ n: Int) { u32(UInt32(truncatingIfNeeded: n)) }
}

struct BinaryReader {
    struct Truncated: Error {
        var what: String
    }

    let bytes: [UInt8]
    var at: Int

    init(_ bytes: [UInt8], at: Int = 0) {
        self.bytes = bytes
        self.at = at
    }

    var remaining: Int { bytes.count - at }

    mutating func u8() throws(Truncated) -> UInt8 {
        guard at < bytes.count else { throw Truncated(what: "byte") }
        at += 1
        return bytes[at - 1]
    }

    mutating func u32() throws(Truncated) -> UInt32 {
        guard remaining >= 4 else { throw Truncated(what: "u32") }
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[at + k]) << (8 * UInt32(k)) }
        at += 4
        return v
    }

    mutating func u64() throws(Truncated) -> UInt64 {
        guard remaining >= 8 else { throw Truncated(what: "u64") }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
        at += 8
        return v
    }

    mutating func i32() throws(Truncated) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func i64() throws(Truncated) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func f64() throws(Truncated) -> Double { Double(bitPattern: try u64()) }

    mutating func optionalI64() throws(Truncated) -> Int64? {
        let flag = try u8()
        let v = try i64()
        return flag == 0 ? nil : v
    }

    /// An element count, capped by what the remaining bytes could hold, so a corrupt count
    /// can never make the decoder allocate more than the checkpoint's own size.
    mutating func count(elementSize: Int, cap: Int = 1 << 28) throws(Truncated) -> Int {
        let n = Int(try u32())
        guard n <= cap, n * max(elementSize, 1) <= remaining else { throw Truncated(what: "count \(n)") }
        return n
    }

    mutating func bytes(_ n: Int) throws(Truncated) -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw Truncated(what: "\(n) bytes") }
        at += n
        return bytes[at - n..<at]
    }
}
