/// The RLE / bit-packing hybrid of Encodings.md: definition and repetition levels, dictionary
/// indices and RLE booleans. A run header is a ULEB128 varint whose low bit says bit-packed
/// (1, count of 8-value groups) or RLE (0, repeat count, then the value in ceil(width/8) bytes).
public enum RLEHybrid {
    /// Bits needed to store `maxValue` (0 for 0).
    public static func bitWidth(_ maxValue: UInt64) -> Int {
        maxValue == 0 ? 0 : 64 - maxValue.leadingZeroBitCount
    }

    /// Encodes `values`; runs of 8 or more equal values become RLE runs, the rest bit-packed.
    public static func encode<C: RandomAccessCollection>(_ values: C, bitWidth: Int) -> [UInt8]
    where C.Element: BinaryInteger, C.Index == Int {
        var out: [UInt8] = []
        encode(values, bitWidth: bitWidth, into: &out)
        return out
    }

    /// Appends the encoding of `values` to `out`.
    static func encode<C: RandomAccessCollection>(_ values: C, bitWidth: Int, into out: inout [UInt8])
    where C.Element: BinaryInteger, C.Index == Int {
        out.reserveCapacity(out.count + values.count * bitWidth / 8 + 16)
        let done: Void? = values.withContiguousStorageIfAvailable { encode($0, bitWidth, &out) }
        if done == nil { Array(values).withUnsafeBufferPointer { encode($0, bitWidth, &out) } }
    }

    private static func encode<T: BinaryInteger>(
        _ values: UnsafeBufferPointer<T>, _ bitWidth: Int, _ out: inout [UInt8]
    ) {
        let n = values.count
        var literalStart = 0
        var i = 0
        while i < n {
            let v = values[i]
            var run = 1
            while i &+ run < n && values[i &+ run] == v { run &+= 1 }
            if run >= 8 {
                let literalCount = i - literalStart
                let pad = (8 - literalCount % 8) % 8
                if run - pad >= 8 {
                    if literalCount + pad > 0 {
                        packLiterals(values, literalStart, i + pad, bitWidth, &out)
                    }
                    appendVarint(UInt64(run - pad) << 1, &out)
                    appendValue(UInt64(v), bitWidth, &out)
                    literalStart = i + run
                }
            }
            i &+= run
        }
        if literalStart < n { packLiterals(values, literalStart, n, bitWidth, &out) }
    }

    private static func packLiterals<T: BinaryInteger>(
        _ values: UnsafeBufferPointer<T>, _ from: Int, _ to: Int, _ bitWidth: Int, _ out: inout [UInt8]
    ) {
        let groups = (to - from + 7) / 8
        appendVarint(UInt64(groups) << 1 | 1, &out)
        guard bitWidth > 0 else { return }
        let start = out.count
        let byteCount = groups * bitWidth
        // Whole 64-bit words are stored; 8 spare bytes take the last one, then are cut off.
        out.append(contentsOf: repeatElement(0, count: byteCount + 8))
        out.withUnsafeMutableBytes { raw in
            // Widths up to 32 bits (levels, dictionary indices) fit the 64-bit accumulator.
            let width = UInt64(bitWidth)
            var acc: UInt64 = 0
            var bits: UInt64 = 0
            var p = start
            @inline(__always) func push(_ v: UInt64) {
                acc |= v &<< bits
                bits &+= width
                if bits >= 64 {
                    raw.storeBytes(of: acc.littleEndian, toByteOffset: p, as: UInt64.self)
                    p &+= 8
                    bits &-= 64
                    acc = bits == 0 ? 0 : v &>> (width &- bits)
                }
            }
            for k in from..<to { push(UInt64(truncatingIfNeeded: values[k])) }
            for _ in to..<(from + groups * 8) { push(0) }
            if bits > 0 { raw.storeBytes(of: acc.littleEndian, toByteOffset: p, as: UInt64.self) }
        }
        out.removeLast(8)
    }

    static func appendVarint(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func appendValue(_ v: UInt64, _ bitWidth: Int, _ out: inout [UInt8]) {
        for i in 0..<((bitWidth + 7) / 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * i))) }
    }

    static func corrupt(_ what: String) -> LakehouseError {
        LakehouseError(.corruptFile, "malformed RLE/bit-packed data: \(what)")
    }

    /// Decodes exactly `count` values from `bytes[range]`, or throws.
    public static func decode(
        _ bytes: [UInt8], _ range: Range<Int>, bitWidth: Int, count: Int
    ) throws -> [UInt32] {
        guard bitWidth >= 0, bitWidth <= 32 else { throw corrupt("bit width \(bitWidth)") }
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw corrupt("range past end") }
        var out: [UInt32] = []
        out.reserveCapacity(count)
        var p = range.lowerBound
        let end = range.upperBound
        while out.count < count {
            guard p < end else { throw corrupt("ran out of data after \(out.count) of \(count) values") }
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard p < end, shift < 64 else { throw corrupt("bad run header") }
                let b = bytes[p]
                p += 1
                header |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            if header & 1 == 1 {
                try unpack(bytes, &p, end, groups: header >> 1, bitWidth, count, &out)
            } else {
                let n = Int(min(header >> 1, UInt64(count - out.count)))
                let width = (bitWidth + 7) / 8
                guard end - p >= width else { throw corrupt("truncated RLE value") }
                var v: UInt32 = 0
                for i in 0..<width { v |= UInt32(bytes[p + i]) << UInt32(8 * i) }
                p += width
                guard bitWidth == 32 || v >> UInt32(bitWidth) == 0 else {
                    throw corrupt("RLE value wider than bit width")
                }
                out.append(contentsOf: repeatElement(v, count: n))
            }
        }
        return out
    }

    private static func unpack(
        _ bytes: [UInt8], _ p: inout Int, _ end: Int, groups: UInt64, _ bitWidth: Int, _ count: Int,
        _ out: inout [UInt32]
    ) throws {
        let available = UInt64(end - p)
        guard groups <= available / UInt64(max(bitWidth, 1)) + 1 else { throw corrupt("bit-packed run past end") }
        let byteCount = Int(groups) * bitWidth
        guard byteCount <= end - p else { throw corrupt("bit-packed run past end") }
        let values = min(Int(groups) * 8, count - out.count)
        let mask: UInt64 = bitWidth == 0 ? 0 : (1 << UInt64(bitWidth)) - 1
        var acc: UInt64 = 0
        var bits = 0
        var q = p
        for _ in 0..<values {
            while bits < bitWidth {
                acc |= UInt64(bytes[q]) << UInt64(bits)
                q += 1
                bits += 8
            }
            out.append(UInt32(truncatingIfNeeded: acc & mask))
            acc >>= UInt64(bitWidth)
            bits -= bitWidth
        }
        p += byteCount
    }
}
