/// Snappy's raw block format (format_description.txt): a varint length preamble, then
/// literal and copy elements. Shared by the Kafka client (inside xerial framing) and the
/// Parquet pages of the lake, which both need exactly this.
///
/// Pure Swift on byte arrays; every length and offset read from input is checked, so hostile
/// input throws `RivuletError(.corruptData)` instead of trapping.
public enum SnappyBlock {
    /// Compresses `input` into one raw Snappy block (varint length preamble, then elements).
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        let bound = 32 + input.count + input.count / 6  // the format's worst case
        return [UInt8](unsafeUninitializedCapacity: bound) { out, initialized in
            guard let o = out.baseAddress else { return }
            var length = UInt64(input.count)
            var n = 0
            while length >= 0x80 {
                o[n] = UInt8(length & 0x7F) | 0x80
                n += 1
                length >>= 7
            }
            o[n] = UInt8(length)
            n += 1
            input.withUnsafeBufferPointer { n = compressBody($0, into: o, at: n) }
            initialized = n
        }
    }

    /// The reference implementation's greedy matcher: a 16K-entry hash table of 4-byte
    /// sequences per 64 KiB fragment (so every copy fits a 2-byte offset), probing further
    /// apart the longer no match turns up, so incompressible input passes quickly.
    private static func compressBody(
        _ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, at start: Int
    ) -> Int {
        guard let base = input.baseAddress, input.count > 0 else { return start }
        let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 1 << 14)
        defer { table.deallocate() }
        var o = start
        var fragment = 0
        while fragment < input.count {
            let end = min(input.count, fragment + (1 << 16))
            table.initialize(repeating: 0, count: 1 << 14)
            let literalFrom = compressFragment(base, fragment, end, table, out, &o)
            o = emitLiteral(base + literalFrom, end - literalFrom, out, o)
            fragment = end
        }
        return o
    }

    /// Compresses `input[from..<end]` up to its last few bytes; returns where the trailing
    /// literal starts.
    private static func compressFragment(
        _ input: UnsafePointer<UInt8>, _ from: Int, _ end: Int, _ table: UnsafeMutablePointer<UInt16>,
        _ out: UnsafeMutablePointer<UInt8>, _ o: inout Int
    ) -> Int {
        let margin = 15  // every 4- and 8-byte load below stays inside the input
        guard end - from >= margin else { return from }
        let limit = end - margin
        var nextEmit = from
        var ip = from + 1
        var nextHash = hash(load32(input, ip))
        while true {
            var skip = 32
            var nextIp = ip
            var candidate = 0
            repeat {
                ip = nextIp
                let h = nextHash
                nextIp = ip + skip >> 5
                skip += 1
                if nextIp > limit { return nextEmit }
                nextHash = hash(load32(input, nextIp))
                candidate = from + Int(table[h])
                table[h] = UInt16(truncatingIfNeeded: ip - from)
            } while load32(input, ip) != load32(input, candidate)
            o = emitLiteral(input + nextEmit, ip - nextEmit, out, o)
            repeat {
                let length = 4 + matchLength(input, candidate + 4, ip + 4, end)
                o = emitCopy(offset: ip - candidate, length: length, out, o)
                ip += length
                nextEmit = ip
                if ip >= limit { return nextEmit }
                table[hash(load32(input, ip - 1))] = UInt16(truncatingIfNeeded: ip - 1 - from)
                let h = hash(load32(input, ip))
                candidate = from + Int(table[h])
                table[h] = UInt16(truncatingIfNeeded: ip - from)
            } while load32(input, ip) == load32(input, candidate)
            ip += 1
            nextHash = hash(load32(input, ip))
        }
    }

    @inline(__always)
    private static func load32(_ p: UnsafePointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(p + at).loadUnaligned(as: UInt32.self))
    }

    @inline(__always)
    private static func hash(_ word: UInt32) -> Int { Int((word &* 0x1E35_A7BD) >> 18) }

    /// How many bytes at `a` equal those at `b` (a < b), up to `end`.
    @inline(__always)
    private static func matchLength(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, _ end: Int) -> Int {
        var n = 0
        while b + n + 8 <= end {
            let x = UnsafeRawPointer(p + a + n).loadUnaligned(as: UInt64.self)
            let y = UnsafeRawPointer(p + b + n).loadUnaligned(as: UInt64.self)
            if x != y { return n + (UInt64(littleEndian: x ^ y).trailingZeroBitCount >> 3) }
            n += 8
        }
        while b + n < end && p[a + n] == p[b + n] { n += 1 }
        return n
    }

    private static func emitLiteral(
        _ from: UnsafePointer<UInt8>, _ count: Int, _ out: UnsafeMutablePointer<UInt8>, _ at: Int
    ) -> Int {
        guard count > 0 else { return at }
        var o = at
        let n = count - 1
        if n < 60 {
            out[o] = UInt8(n << 2)
            o += 1
        } else {
            var bytes = 0
            var value = n
            while value > 0 {
                out[o + 1 + bytes] = UInt8(value & 0xFF)
                bytes += 1
                value >>= 8
            }
            out[o] = UInt8((59 + bytes) << 2)
            o += 1 + bytes
        }
        (out + o).update(from: from, count: count)
        return o + count
    }

    private static func emitCopy(offset: Int, length: Int, _ out: UnsafeMutablePointer<UInt8>, _ at: Int) -> Int {
        var o = at
        var remaining = length
        // Copies carry at most 64 bytes; keep at least 4 for the last one.
        while remaining >= 68 {
            o = emitCopyUpTo64(offset: offset, length: 64, out, o)
            remaining -= 64
        }
        if remaining > 64 {
            o = emitCopyUpTo64(offset: offset, length: 60, out, o)
            remaining -= 60
        }
        return emitCopyUpTo64(offset: offset, length: remaining, out, o)
    }

    private static func emitCopyUpTo64(offset: Int, length: Int, _ out: UnsafeMutablePointer<UInt8>, _ o: Int) -> Int {
        if length < 12, offset < 2048 {
            out[o] = UInt8(1 | ((length - 4) << 2) | ((offset >> 8) << 5))
            out[o + 1] = UInt8(offset & 0xFF)
            return o + 2
        }
        out[o] = UInt8(2 | ((length - 1) << 2))
        out[o + 1] = UInt8(offset & 0xFF)
        out[o + 2] = UInt8((offset >> 8) & 0xFF)
        return o + 3
    }

    /// Decompresses one raw block. `maxOutputBytes` caps the declared length before allocating.
    public static func decompress(_ input: [UInt8], maxOutputBytes: Int) throws(RivuletError) -> [UInt8] {
        try input.withUnsafeBufferPointer { buffer throws(RivuletError) in
            try decompress(buffer, maxOutputBytes: maxOutputBytes)
        }
    }

    public static func decompress(
        _ input: UnsafeBufferPointer<UInt8>, maxOutputBytes: Int
    ) throws(RivuletError) -> [UInt8] {
        var position = 0
        var expected: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < input.count, shift <= 28 else { throw corrupt("snappy length preamble is malformed") }
            let byte = input[position]
            position += 1
            expected |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard expected <= UInt64(maxOutputBytes), expected <= UInt64(UInt32.max) else {
            throw corrupt("snappy block declares \(expected) bytes, above the cap of \(maxOutputBytes)")
        }
        let total = Int(expected)
        var out: [UInt8] = []
        out.reserveCapacity(total)
        while position < input.count {
            let tag = input[position]
            position += 1
            switch tag & 3 {
            case 0:
                var length = Int(tag >> 2) + 1
                if length > 60 {
                    let extra = length - 60
                    guard position + extra <= input.count else { throw corrupt("snappy literal length is cut short") }
                    length = 0
                    for i in 0..<extra { length |= Int(input[position + i]) << (8 * i) }
                    length += 1
                    position += extra
                }
                guard length <= input.count - position, length <= total - out.count else {
                    throw corrupt("snappy literal of \(length) bytes overruns the input or the declared length")
                }
                out.append(contentsOf: input[position..<(position + length)])
                position += length
            case 1:
                guard position < input.count else { throw corrupt("snappy copy is cut short") }
                let length = Int((tag >> 2) & 7) + 4
                let offset = Int(tag >> 5) << 8 | Int(input[position])
                position += 1
                try copyMatch(offset: offset, length: length, total: total, into: &out)
            case 2:
                guard position + 2 <= input.count else { throw corrupt("snappy copy is cut short") }
                let offset = Int(input[position]) | Int(input[position + 1]) << 8
                position += 2
                try copyMatch(offset: offset, length: Int(tag >> 2) + 1, total: total, into: &out)
            default:
                guard position + 4 <= input.count else { throw corrupt("snappy copy is cut short") }
                var offset = 0
                for i in 0..<4 { offset |= Int(input[position + i]) << (8 * i) }
                position += 4
                try copyMatch(offset: offset, length: Int(tag >> 2) + 1, total: total, into: &out)
            }
        }
        guard out.count == total else {
            throw corrupt("snappy block produced \(out.count) bytes but declared \(total)")
        }
        return out
    }

    private static func copyMatch(
        offset: Int, length: Int, total: Int, into out: inout [UInt8]
    ) throws(RivuletError) {
        guard offset > 0, offset <= out.count, length <= total - out.count else {
            throw corrupt("snappy copy (offset \(offset), length \(length)) points outside the output")
        }
        let start = out.count - offset
        // Overlapping copies repeat the pattern, so copy byte by byte.
        for i in 0..<length { out.append(out[start + i]) }
    }

    /// The length a block declares in its preamble, without decompressing it.
    public static func uncompressedLength(_ input: [UInt8]) throws(RivuletError) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in input.prefix(5) {
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard value <= UInt64(UInt32.max) else { break }
                return Int(value)
            }
            shift += 7
        }
        throw corrupt("snappy length preamble is malformed")
    }

    private static func corrupt(_ message: String) -> RivuletError {
        RivuletError(.corruptData, message)
    }
}
