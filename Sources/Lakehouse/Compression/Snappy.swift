/// Raw Snappy blocks (format_description.txt), as Parquet's SNAPPY codec stores pages: a
/// varint uncompressed length, then literals and back-references. No framing format.
///
/// The compressor is a greedy single-probe hash matcher over 64 KiB blocks, like the
/// reference implementation, so every offset fits the 2-byte copy form. The decompressor
/// checks every length and offset and caps the output size by what the input can expand to.
public enum Snappy {
    /// The largest expansion a valid stream can achieve: a 3-byte copy yields 64 bytes.
    static let maxExpansion = 22
    private static let blockSize = 1 << 16
    private static let hashBits = 14

    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + input.count + input.count / 6)
        var length = UInt64(input.count)
        while length >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: length) | 0x80)
            length >>= 7
        }
        out.append(UInt8(length))
        input.withUnsafeBufferPointer { src in
            var table = [Int32](repeating: -1, count: 1 << hashBits)
            var start = 0
            while start < src.count {
                let end = min(start + blockSize, src.count)
                compressBlock(src, start, end, &table, &out)
                start = end
            }
        }
        return out
    }

    @inline(__always)
    private static func load32(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24
    }

    @inline(__always)
    private static func hash(_ v: UInt32) -> Int {
        Int((v &* 0x1E35_A7BD) >> UInt32(32 - hashBits))
    }

    private static func compressBlock(
        _ src: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ table: inout [Int32], _ out: inout [UInt8]
    ) {
        for i in table.indices { table[i] = -1 }
        var nextEmit = start
        guard end - start >= 15 else {
            emitLiteral(src, start, end, &out)
            return
        }
        let limit = end - 4
        var ip = start
        var misses = 32
        while ip <= limit {
            let current = load32(src, ip)
            let h = hash(current)
            let candidate = table[h]
            table[h] = Int32(ip - start)
            if candidate >= 0, load32(src, start + Int(candidate)) == current {
                let matchStart = start + Int(candidate)
                emitLiteral(src, nextEmit, ip, &out)
                var length = 4
                while ip + length < end && src[matchStart + length] == src[ip + length] { length += 1 }
                emitCopy(offset: ip - matchStart, length: length, &out)
                ip += length
                nextEmit = ip
                misses = 32
                if ip - 1 <= limit { table[hash(load32(src, ip - 1))] = Int32(ip - 1 - start) }
            } else {
                // Skip faster through data that does not compress, as the reference does.
                ip += misses >> 5
                misses += 1
            }
        }
        emitLiteral(src, nextEmit, end, &out)
    }

    private static func emitLiteral(_ src: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ out: inout [UInt8]) {
        guard to > from else { return }
        let n = to - from - 1
        switch n {
        case ..<60: out.append(UInt8(n << 2))
        case ..<0x100:
            out.append(60 << 2)
            out.append(UInt8(n))
        case ..<0x1_0000:
            out.append(61 << 2)
            appendLE(n, bytes: 2, &out)
        case ..<0x100_0000:
            out.append(62 << 2)
            appendLE(n, bytes: 3, &out)
        default:
            out.append(63 << 2)
            appendLE(n, bytes: 4, &out)
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: src[from..<to]))
    }

    private static func appendLE(_ v: Int, bytes: Int, _ out: inout [UInt8]) {
        for i in 0..<bytes { out.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
    }

    private static func emitCopy(offset: Int, length: Int, _ out: inout [UInt8]) {
        var remaining = length
        // Long matches become 64-byte copies, leaving at least 4 for the last element.
        while remaining >= 68 {
            emitCopyElement(offset: offset, length: 64, &out)
            remaining -= 64
        }
        if remaining > 64 {
            emitCopyElement(offset: offset, length: 60, &out)
            remaining -= 60
        }
        emitCopyElement(offset: offset, length: remaining, &out)
    }

    private static func emitCopyElement(offset: Int, length: Int, _ out: inout [UInt8]) {
        if length >= 4 && length <= 11 && offset < 2048 {
            out.append(UInt8(1 | ((length - 4) << 2) | ((offset >> 8) << 5)))
            out.append(UInt8(offset & 0xFF))
        } else {
            out.append(UInt8(2 | ((length - 1) << 2)))
            out.append(UInt8(offset & 0xFF))
            out.append(UInt8(offset >> 8))
        }
    }

    static func corrupt(_ what: String) -> LakehouseError {
        LakehouseError(.corruptFile, "malformed Snappy data: \(what)")
    }

    /// The uncompressed length a stream declares, without decompressing it.
    public static func uncompressedLength(_ input: [UInt8]) throws -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for (i, b) in input.enumerated() {
            guard i < 5 else { break }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 {
                guard result <= UInt64(UInt32.max) else { throw corrupt("length over 2^32-1") }
                return Int(result)
            }
            shift += 7
        }
        throw corrupt("bad length preamble")
    }

    /// Decompresses a raw block; `maxLength` caps the declared size (callers pass the page's
    /// uncompressed size so a forged preamble cannot make us allocate gigabytes).
    public static func decompress(_ input: [UInt8], maxLength: Int = 1 << 30) throws -> [UInt8] {
        let length = try uncompressedLength(input)
        guard length <= maxLength, length <= input.count * maxExpansion + 64 else {
            throw corrupt("declared length \(length) exceeds cap")
        }
        var ip = 0
        while input[ip] & 0x80 != 0 { ip += 1 }
        ip += 1
        var out: [UInt8] = []
        out.reserveCapacity(length)
        while ip < input.count {
            let tag = input[ip]
            ip += 1
            if tag & 3 == 0 {
                var n = Int(tag >> 2)
                if n >= 60 {
                    let extra = n - 59
                    guard ip + extra <= input.count else { throw corrupt("truncated literal length") }
                    n = 0
                    for i in 0..<extra { n |= Int(input[ip + i]) << (8 * i) }
                    ip += extra
                }
                n += 1
                guard n <= input.count - ip, n <= length - out.count else { throw corrupt("literal past end") }
                out.append(contentsOf: input[ip..<ip + n])
                ip += n
            } else {
                let (offset, n) = try copyElement(tag, input, &ip)
                guard offset > 0, offset <= out.count else { throw corrupt("copy offset \(offset) out of range") }
                guard n <= length - out.count else { throw corrupt("copy past end") }
                let from = out.count - offset
                if offset >= n {
                    out.append(contentsOf: out[from..<from + n])
                } else {
                    for i in 0..<n { out.append(out[from + i]) }
                }
            }
        }
        guard out.count == length else { throw corrupt("produced \(out.count) bytes, expected \(length)") }
        return out
    }

    private static func copyElement(_ tag: UInt8, _ input: [UInt8], _ ip: inout Int) throws -> (Int, Int) {
        switch tag & 3 {
        case 1:
            guard ip < input.count else { throw corrupt("truncated copy") }
            let offset = Int(tag >> 5) << 8 | Int(input[ip])
            ip += 1
            return (offset, Int((tag >> 2) & 7) + 4)
        case 2:
            guard ip + 2 <= input.count else { throw corrupt("truncated copy") }
            let offset = Int(input[ip]) | Int(input[ip + 1]) << 8
            ip += 2
            return (offset, Int(tag >> 2) + 1)
        default:
            guard ip + 4 <= input.count else { throw corrupt("truncated copy") }
            var offset = 0
            for i in 0..<4 { offset |= Int(input[ip + i]) << (8 * i) }
            ip += 4
            return (offset, Int(tag >> 2) + 1)
        }
    }
}
