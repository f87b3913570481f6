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

    /// Appends the decompressed block to `out`. Matches may reach back into what `out` already
    /// holds, which is how linked blocks of a frame refer to earlier blocks.
    static func decompress(
        _ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], maxOutputBytes: Int
    ) throws(KafkaClientError) {
        var position = 0
        while position < input.count {
            let token = input[position]
            position += 1
            var literalCount = Int(token >> 4)
            if literalCount == 15 { literalCount += try readLength(input, &position) }
            guard literalCount <= input.count - position, literalCount <= maxOutputBytes - out.count else {
                throw corrupt("lz4 literals of \(literalCount) bytes overrun the input or the output cap")
            }
            out.append(contentsOf: input[position..<(position + literalCount)])
            position += literalCount
            if position == input.count { return }  // the last sequence has no match
            guard position + 2 <= input.count else { throw corrupt("lz4 match offset is cut short") }
            let offset = Int(input[position]) | Int(input[position + 1]) << 8
            position += 2
            var matchLength = Int(token & 0x0F)
            if matchLength == 15 { matchLength += try readLength(input, &position) }
            matchLength += minMatch
            guard offset > 0, offset <= out.count, matchLength <= maxOutputBytes - out.count else {
                throw corrupt("lz4 match (offset \(offset), length \(matchLength)) points outside the output")
            }
            let start = out.count - offset
            for i in 0..<matchLength { out.append(out[start + i]) }
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
