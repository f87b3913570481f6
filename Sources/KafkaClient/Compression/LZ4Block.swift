/// The LZ4 block format (lz4_Block_format.md): sequences of a token, literals, a 2-byte
/// offset and a match length. The compressor is a greedy single-probe matcher; it honours
/// the end-of-block rules (the last 5 bytes are literals, no match starts in the last 12).
enum LZ4Block {
    static let minMatch = 4
    static let lastLiterals = 5
    static let matchFindLimit = 12
    static let maxOffset = 65535

    static func compress(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let count = input.count
        var literalStart = 0
        if count >= matchFindLimit + 1 {
            var table = [Int32](repeating: -1, count: 1 << 12)
            var position = 0
            let matchLimit = count - matchFindLimit
            while position < matchLimit {
                let word = read32(input, position)
                let slot = Int((word &* 2_654_435_761) >> 20)
                let candidate = Int(table[slot])
                table[slot] = Int32(position)
                guard candidate >= 0, position - candidate <= maxOffset, read32(input, candidate) == word else {
                    position += 1
                    continue
                }
                var length = minMatch
                let end = count - lastLiterals
                while position + length < end, input[candidate + length] == input[position + length] { length += 1 }
                writeSequence(input, literals: literalStart..<position, offset: position - candidate,
                              matchLength: length, into: &out)
                position += length
                literalStart = position
            }
        }
        writeSequence(input, literals: literalStart..<count, offset: 0, matchLength: 0, into: &out)
    }

    /// One sequence; `matchLength` 0 writes the final literals-only sequence.
    private static func writeSequence(
        _ input: UnsafeBufferPointer<UInt8>, literals: Range<Int>, offset: Int, matchLength: Int,
        into out: inout [UInt8]
    ) {
        let literalCount = literals.count
        let matchCode = matchLength == 0 ? 0 : matchLength - minMatch
        let token = UInt8(min(literalCount, 15) << 4 | min(matchCode, 15))
        out.append(token)
        if literalCount >= 15 { writeLength(literalCount - 15, into: &out) }
        out.append(contentsOf: input[literals])
        guard matchLength > 0 else { return }
        out.append(UInt8(offset & 0xFF))
        out.append(UInt8(offset >> 8))
        if matchCode >= 15 { writeLength(matchCode - 15, into: &out) }
    }

    private static func writeLength(_ value: Int, into out: inout [UInt8]) {
        var remaining = value
        while remaining >= 255 {
            out.append(255)
            remaining -= 255
        }
        out.append(UInt8(remaining))
    }

    private static func read32(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24
    }

    /// One sequence of a block: literals to copy, then `matchLength` bytes from `offset`
    /// back in the output (0 for the last sequence, which has none).
    struct Sequence {
        var literals: Range<Int>
        var offset = 0
        var matchLength = 0
    }

    /// Reads the sequence at `position` (the input bounds checked) and moves past it.
    @inline(__always)
    static func sequence(_ input: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(KafkaClientError) -> Sequence {
        let token = input[position]
        position += 1
        var literalCount = Int(token >> 4)
        if literalCount == 15 { literalCount += try readLength(input, &position) }
        guard literalCount <= input.count - position else { throw corrupt("lz4 literals of \(literalCount) bytes overrun the input") }
        var result = Sequence(literals: position..<(position + literalCount))
        position += literalCount
        if position == input.count { return result }  // the last sequence has no match
        guard position + 2 <= input.count else { throw corrupt("lz4 match offset is cut short") }
        result.offset = Int(input[position]) | Int(input[position + 1]) << 8
        position += 2
        var matchLength = Int(token & 0x0F)
        if matchLength == 15 { matchLength += try readLength(input, &position) }
        result.matchLength = matchLength + minMatch
        return result
    }

    /// Appends the decompressed block to `out`. Two passes: the sequences' lengths first
    /// (checked against the output written so far and the cap), so the output grows once;
    /// then literals and matches are copied with `memcpy`, a match that overlaps its own
    /// output in doubling chunks from the start of its pattern.
    static func decompress(
        _ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], maxOutputBytes: Int
    ) throws(KafkaClientError) {
        let base = out.count
        var size = 0
        var position = 0
        while position < input.count {
            let s = try sequence(input, &position)
            let literals = s.literals.count
            guard literals <= maxOutputBytes - base - size, s.matchLength <= maxOutputBytes - base - size - literals else {
                throw corrupt("lz4 output exceeds the cap of \(maxOutputBytes) bytes")
            }
            guard s.matchLength == 0 || (s.offset > 0 && s.offset <= base + size + literals) else {
                throw corrupt("lz4 match (offset \(s.offset)) points outside the output")
            }
            size += literals + s.matchLength
        }
        guard size > 0, let src = input.baseAddress else { return }
        out.append(contentsOf: repeatElement(0, count: size))
        try out.withUnsafeMutableBufferPointer { (buffer) throws(KafkaClientError) in
            guard let dst = buffer.baseAddress else { return }
            position = 0
            var op = base
            while position < input.count {
                // The first pass checked these bounds; the copies rely on it.
                let s = try sequence(input, &position)
                (dst + op).update(from: src + s.literals.lowerBound, count: s.literals.count)
                op += s.literals.count
                let from = op - s.offset
                if s.offset >= s.matchLength {
                    (dst + op).update(from: dst + from, count: s.matchLength)
                } else {
                    // Overlapping: what lies between `from` and `op` repeats; each copy takes
                    // only bytes already written, and the written span doubles.
                    var copied = 0
                    while copied < s.matchLength {
                        let chunk = min(op + copied - from, s.matchLength - copied)
                        (dst + op + copied).update(from: dst + from, count: chunk)
                        copied += chunk
                    }
                }
                op += s.matchLength
            }
        }
    }

    private static func readLength(
        _ input: UnsafeBufferPointer<UInt8>, _ position: inout Int
    ) throws(KafkaClientError) -> Int {
        var total = 0
        while true {
            guard position < input.count else { throw corrupt("lz4 length is cut short") }
            let byte = input[position]
            position += 1
            total += Int(byte)
            // A length can never exceed the input that would have to back it; stop runaway 255s.
            guard total <= 1 << 30 else { throw corrupt("lz4 length is implausibly large") }
            if byte != 255 { return total }
        }
    }

    static func corrupt(_ message: String) -> KafkaClientError {
        KafkaClientError(.corruptCompressedData, message)
    }
}
