/// Snappy's raw block format (format_description.txt): a varint length preamble, then
/// literal and copy elements. Shared by the Kafka client (inside xerial framing) and the
/// Parquet pages of the lake, which both need exactly this.
///
/// Pure Swift on byte arrays; every length and offset read from input is checked, so hostile
/// input throws `RivuletError(.corruptData)` instead of trapping.
public enum SnappyBlock {
    /// Compresses `input` into one raw Snappy block (varint length preamble, then elements).
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + input.count + input.count / 6)
        var length = UInt64(input.count)
        while length >= 0x80 {
            out.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        out.append(UInt8(length))
        input.withUnsafeBufferPointer { compressBody($0, into: &out) }
        return out
    }

    /// Greedy matcher over a 16K-entry hash table of 4-byte sequences. Matches are found
    /// within the same 64 KiB fragment so that every copy fits a 2-byte offset, as the
    /// reference implementation does.
    private static func compressBody(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let fragmentSize = 1 << 16
        var table = [Int32](repeating: -1, count: 1 << 14)
        var fragmentStart = 0
        while fragmentStart < input.count {
            let fragmentEnd = min(input.count, fragmentStart + fragmentSize)
            for i in table.indices { table[i] = -1 }
            var literalStart = fragmentStart
            var position = fragmentStart
            // A match needs 4 bytes; leave the last bytes of a fragment as literals.
            while position + 4 <= fragmentEnd {
                let word = load32(input, position)
                let slot = Int((word &* 0x1E35_A7BD) >> 18)
                let candidate = Int(table[slot])
                table[slot] = Int32(position - fragmentStart)
                let absolute = candidate + fragmentStart
                guard candidate >= 0, absolute < position, load32(input, absolute) == word else {
                    position += 1
                    continue
                }
                var matchLength = 4
                while position + matchLength < fragmentEnd,
                    input[absolute + matchLength] == input[position + matchLength]
                {
                    matchLength += 1
                }
                emitLiteral(input, from: literalStart, to: position, into: &out)
                emitCopy(offset: position - absolute, length: matchLength, into: &out)
                position += matchLength
                literalStart = position
            }
            emitLiteral(input, from: literalStart, to: fragmentEnd, into: &out)
            fragmentStart = fragmentEnd
        }
    }

    private static func load32(_ input: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(input[at]) | UInt32(input[at + 1]) << 8 | UInt32(input[at + 2]) << 16 | UInt32(input[at + 3]) << 24
    }

    private static func emitLiteral(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]
    ) {
        guard end > start else { return }
        let n = end - start - 1
        if n < 60 {
            out.append(UInt8(n << 2))
        } else {
            var bytes: [UInt8] = []
            var value = n
            while value > 0 {
                bytes.append(UInt8(value & 0xFF))
                value >>= 8
            }
            out.append(UInt8((59 + bytes.count) << 2))
            out.append(contentsOf: bytes)
        }
        out.append(contentsOf: input[start..<end])
    }

    private static func emitCopy(offset: Int, length: Int, into out: inout [UInt8]) {
        var remaining = length
        // Copies carry at most 64 bytes; keep at least 4 for the last one.
        while remaining >= 68 {
            emitCopyUpTo64(offset: offset, length: 64, into: &out)
            remaining -= 64
        }
        if remaining > 64 {
            emitCopyUpTo64(offset: offset, length: 60, into: &out)
            remaining -= 60
        }
        emitCopyUpTo64(offset: offset, length: remaining, into: &out)
    }

    private static func emitCopyUpTo64(offset: Int, length: Int, into out: inout [UInt8]) {
        if length < 12, offset < 2048 {
            out.append(UInt8(1 | ((length - 4) << 2) | ((offset >> 8) << 5)))
            out.append(UInt8(offset & 0xFF))
        } else {
            out.append(UInt8(2 | ((length - 1) << 2)))
            out.append(UInt8(offset & 0xFF))
            out.append(UInt8((offset >> 8) & 0xFF))
        }
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
