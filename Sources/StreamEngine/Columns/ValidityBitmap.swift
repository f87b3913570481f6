/// One bit per row, set when the row has a value. `nullCount` lets readers skip the bitmap
/// entirely for columns without nulls, which is the common case.
public struct ValidityBitmap: Hashable, Sendable {
    private(set) var words: [UInt64] = []
    public private(set) var count = 0
    public private(set) var nullCount = 0

    public init() {}

    @inline(__always)
    mutating func append(_ valid: Bool) {
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
        words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    mutating func reserve(_ n: Int) { words.reserveCapacity((n + 63) / 64) }
}
