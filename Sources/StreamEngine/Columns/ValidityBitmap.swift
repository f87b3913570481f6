/// One bit per row, set when the row has a value. `nullCount` lets readers skip the bitmap
/// entirely for columns without nulls, which is the common case; the bits are only stored
/// from the first null on, so a column without nulls costs a counter per row.
public struct ValidityBitmap: Hashable, Sendable {
    private(set) var words: [UInt64] = []
    public private(set) var count = 0
    public private(set) var nullCount = 0

    public init() {}

    @inline(__always)
    mutating func append(_ valid: Bool) {
        if valid && nullCount == 0 {
            count += 1
        } else {
            appendStored(valid)
        }
    }

    /// Appends `n` rows that all have a value.
    mutating func appendValid(count n: Int) {
        guard n > 0 else { return }
        if nullCount == 0 {
            count += n
        } else {
            for _ in 0..<n { appendStored(true) }
        }
    }

    private mutating func appendStored(_ valid: Bool) {
        if nullCount == 0 {
            // The first null: store the bits of every row so far, all set.
            words = Array(repeating: ~0, count: count / 64)
            if count & 63 != 0 { words.append((1 << UInt64(count & 63)) - 1) }
        }
        let bit = count & 63
        if bit == 0 { words.append(0) }
        if valid {
            words[words.count - 1] |= 1 << UInt64(bit)
        } else {
            nullCount += 1
        }
        count += 1
    }

    @inline(__always)
    public func isValid(_ row: Int) -> Bool {
        nullCount == 0 || words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    mutating func reserve(_ n: Int) {
        if nullCount > 0 { words.reserveCapacity((n + 63) / 64) }
    }
}
