/// A column of UTF-8 strings held as Arrow and Parquet hold them: all bytes in one buffer and
/// `count + 1` offsets into it. Appending copies bytes; nothing is allocated per value, and
/// the writer hashes, compares and encodes the bytes without making `String`s.
///
/// Reads as a collection of `String` for callers that want values:
/// ```swift
/// var devices = StringColumn()
/// devices.append("device-3fa2c1d0")
/// let first: String = devices[0]
/// ```
public struct StringColumn: Hashable, Sendable, RandomAccessCollection {
    /// The values' UTF-8 bytes, back to back.
    public private(set) var bytes: [UInt8] = []
    /// `offsets[i]..<offsets[i + 1]` is value `i` in `bytes`; starts with 0.
    public private(set) var offsets: [Int] = [0]

    public init() {}

    public init<S: Sequence>(_ strings: S) where S.Element == String {
        offsets.reserveCapacity(strings.underestimatedCount + 1)
        for s in strings { append(s) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count - 1 }

    public subscript(i: Int) -> String {
        String(decoding: bytes[offsets[i]..<offsets[i + 1]], as: UTF8.self)
    }

    /// Value `i`'s length in bytes.
    public func byteCount(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    public mutating func reserveCapacity(values: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(values + 1)
        bytes.reserveCapacity(byteCount)
    }

    public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append(utf8: UnsafeRawBufferPointer($0)) }
    }

    public mutating func append(utf8: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: utf8)
        offsets.append(bytes.count)
    }

    public mutating func append(contentsOf other: StringColumn) {
        append(contentsOf: other, other.startIndex..<other.endIndex)
    }

    /// Appends `other[range]`: one copy of the bytes, offsets rebased in one pass.
    public mutating func append(contentsOf other: StringColumn, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let from = other.offsets[range.lowerBound]
        let shift = bytes.count - from
        bytes.append(contentsOf: other.bytes[from..<other.offsets[range.upperBound]])
        let start = offsets.count
        offsets.append(contentsOf: repeatElement(0, count: range.count))
        offsets.withUnsafeMutableBufferPointer { out in
            other.offsets.withUnsafeBufferPointer { src in
                for k in 0..<range.count { out[start &+ k] = src[range.lowerBound &+ 1 &+ k] &+ shift }
            }
        }
    }

    /// Appends `other[i]`.
    public mutating func append(from other: StringColumn, at i: Int) {
        bytes.append(contentsOf: other.bytes[other.offsets[i]..<other.offsets[i + 1]])
        offsets.append(bytes.count)
    }

    /// The values at `indices`, in that order.
    public func gather<C: Collection>(_ indices: C) -> StringColumn where C.Element == Int {
        var out = StringColumn()
        out.offsets.reserveCapacity(indices.count + 1)
        for i in indices { out.append(from: self, at: i) }
        return out
    }

    /// The values in `range`, sharing nothing with this column.
    public func slice(_ range: Range<Int>) -> StringColumn {
        var out = StringColumn()
        let base = offsets[range.lowerBound]
        out.bytes = Array(bytes[base..<offsets[range.upperBound]])
        out.offsets = offsets[range.lowerBound...range.upperBound].map { $0 - base }
        return out
    }

    /// `count` copies of `value`.
    public static func repeating(_ value: String, count: Int) -> StringColumn {
        var out = StringColumn()
        out.reserveCapacity(values: count, bytes: value.utf8.count * count)
        for _ in 0..<count { out.append(value) }
        return out
    }

    /// Calls `body` with the bytes and the offsets, for loops over many values.
    @inline(__always)
    func withBuffers<R>(_ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { raw in try offsets.withUnsafeBufferPointer { try body(raw, $0) } }
    }
}

extension StringColumn: CustomStringConvertible {
    public var description: String { Array(self).description }
}

extension StringColumn {
    /// Whether value `i` sorts before value `j` of `other` as unsigned bytes (Parquet's order
    /// for UTF-8), a shorter prefix first.
    func precedes(_ i: Int, _ other: StringColumn, _ j: Int) -> Bool {
        bytes.withUnsafeBufferPointer { a in
            other.bytes.withUnsafeBufferPointer { b in
                Self.less(a, offsets[i], offsets[i + 1], b, other.offsets[j], other.offsets[j + 1])
            }
        }
    }

    @inline(__always)
    static func less(
        _ a: UnsafeBufferPointer<UInt8>, _ a0: Int, _ a1: Int, _ b: UnsafeBufferPointer<UInt8>, _ b0: Int, _ b1: Int
    ) -> Bool {
        let n = Swift.min(a1 - a0, b1 - b0)
        var k = 0
        while k < n {
            let x = a[a0 + k]
            let y = b[b0 + k]
            if x != y { return x < y }
            k += 1
        }
        return a1 - a0 < b1 - b0
    }

    /// The positions of the smallest and largest of the values at `indices`, nil if none.
    func minMaxIndices<S: Sequence>(_ indices: S) -> (Int, Int)? where S.Element == Int {
        bytes.withUnsafeBufferPointer { b in
            offsets.withUnsafeBufferPointer { o in
                var it = indices.makeIterator()
                guard let first = it.next() else { return nil }
                var lo = first
                var hi = first
                while let i = it.next() {
                    if Self.less(b, o[i], o[i + 1], b, o[lo], o[lo + 1]) { lo = i }
                    if Self.less(b, o[hi], o[hi + 1], b, o[i], o[i + 1]) { hi = i }
                }
                return (lo, hi)
            }
        }
    }
}
