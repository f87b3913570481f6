/// One leaf column's values as the page encoders see them: one slot per level triplet
/// (nulls hold a placeholder), plus definition and repetition levels when the leaf has them.
public enum LeafValues: Hashable, Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case double([Double])
    case byteArray(StringColumn)

    public var count: Int {
        switch self {
        case .boolean(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        case .double(let v): return v.count
        case .byteArray(let v): return v.count
        }
    }

    /// The values at `indices`, in order.
    func gather(_ indices: [Int]) -> LeafValues {
        switch self {
        case .boolean(let v): return .boolean(indices.map { v[$0] })
        case .int32(let v): return .int32(indices.map { v[$0] })
        case .int64(let v): return .int64(indices.map { v[$0] })
        case .double(let v): return .double(indices.map { v[$0] })
        case .byteArray(let v): return .byteArray(v.gather(indices))
        }
    }

    func slice(_ range: Range<Int>) -> LeafValues {
        switch self {
        case .boolean(let v): return .boolean(Array(v[range]))
        case .int32(let v): return .int32(Array(v[range]))
        case .int64(let v): return .int64(Array(v[range]))
        case .double(let v): return .double(Array(v[range]))
        case .byteArray(let v): return .byteArray(v.slice(range))
        }
    }
}

public struct LeafColumn: Hashable, Sendable {
    public var values: LeafValues
    /// nil when the leaf's max definition level is 0.
    public var definitionLevels: [UInt8]?
    /// nil when the leaf's max repetition level is 0.
    public var repetitionLevels: [UInt8]?

    public init(values: LeafValues, definitionLevels: [UInt8]? = nil, repetitionLevels: [UInt8]? = nil) {
        self.values = values
        self.definitionLevels = definitionLevels
        self.repetitionLevels = repetitionLevels
    }

    public var count: Int { values.count }
}

extension ColumnData {
    /// The leaf a flat column becomes: timestamps are INT64, nulls are definition level 0.
    func leaf(nullable: Bool) -> LeafColumn {
        let values: LeafValues
        switch self.values {
        case .int32(let v): values = .int32(v)
        case .int64(let v), .timestampMicros(let v): values = .int64(v)
        case .double(let v): values = .double(v)
        case .boolean(let v): values = .boolean(v)
        case .string(let v): values = .byteArray(v)
        }
        guard nullable else { return LeafColumn(values: values) }
        let levels = validity.map { $0.map { $0 ? UInt8(1) : 0 } } ?? Array(repeating: 1, count: values.count)
        return LeafColumn(values: values, definitionLevels: levels)
    }
}

/// A typed statistics value (min or max) of a column chunk.
public enum StatValue: Hashable, Sendable {
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case string(String)
}

/// Column statistics as Delta and `check` use them: typed, merged across row groups.
public struct ColumnStatistics: Hashable, Sendable {
    public var nullCount: Int64 = 0
    public var min: StatValue?
    public var max: StatValue?
    public init(nullCount: Int64 = 0, min: StatValue? = nil, max: StatValue? = nil) {
        self.nullCount = nullCount
        self.min = min
        self.max = max
    }

    mutating func merge(_ other: ColumnStatistics) {
        nullCount += other.nullCount
        if let m = other.min { min = min.map { StatValue.less($0, m) ? $0 : m } ?? m }
        if let m = other.max { max = max.map { StatValue.less(m, $0) ? $0 : m } ?? m }
    }
}

extension StatValue {
    /// Parquet's sort order for each type: signed integers, IEEE doubles, unsigned bytes.
    static func less(_ a: StatValue, _ b: StatValue) -> Bool {
        switch (a, b) {
        case (.boolean(let x), .boolean(let y)): return !x && y
        case (.int32(let x), .int32(let y)): return x < y
        case (.int64(let x), .int64(let y)): return x < y
        case (.double(let x), .double(let y)): return x < y
        case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        default: return false
        }
    }

    /// PLAIN encoding without a length prefix, as footer statistics store values.
    var plainBytes: [UInt8] {
        switch self {
        case .boolean(let b): return [b ? 1 : 0]
        case .int32(let v): return withUnsafeBytes(of: v.littleEndian, Array.init)
        case .int64(let v): return withUnsafeBytes(of: v.littleEndian, Array.init)
        case .double(let v): return withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
        case .string(let s): return Array(s.utf8)
        }
    }

    static func decode(_ bytes: [UInt8], _ type: PhysicalType) -> StatValue? {
        func le(_ n: Int) -> UInt64? {
            guard bytes.count == n else { return nil }
            var v: UInt64 = 0
            for i in 0..<n { v |= UInt64(bytes[i]) << UInt64(8 * i) }
            return v
        }
        switch type {
        case .boolean: return bytes.count == 1 ? .boolean(bytes[0] != 0) : nil
        case .int32: return le(4).map { .int32(Int32(truncatingIfNeeded: $0)) }
        case .int64: return le(8).map { .int64(Int64(bitPattern: $0)) }
        case .double: return le(8).map { .double(Double(bitPattern: $0)) }
        case .byteArray: return .string(String(decoding: bytes, as: UTF8.self))
        default: return nil
        }
    }
}

extension LeafValues {
    /// Min and max of compacted (non-null) values in `range` (all when nil); NaN is ignored
    /// as the spec requires.
    func minMax(in range: Range<Int>?) -> (StatValue, StatValue)? {
        let r = range ?? 0..<count
        switch self {
        case .boolean(let v):
            guard !r.isEmpty else { return nil }
            return (.boolean(v[r].allSatisfy { $0 }), .boolean(v[r].contains(true)))
        case .int32(let v):
            guard let (lo, hi) = Self.integerRange(v[r]) else { return nil }
            return (.int32(lo), .int32(hi))
        case .int64(let v):
            guard let (lo, hi) = Self.integerRange(v[r]) else { return nil }
            return (.int64(lo), .int64(hi))
        case .double(let v):
            var lo = Double.infinity
            var hi = -Double.infinity
            var any = false
            for x in v[r] where !x.isNaN {
                any = true
                lo = Swift.min(lo, x)
                hi = Swift.max(hi, x)
            }
            guard any else { return nil }
            // Zero's sign is ambiguous in order; the spec asks for -0.0 as min and +0.0 as max.
            if lo == 0 { lo = -0.0 }
            if hi == 0 { hi = 0.0 }
            return (.double(lo), .double(hi))
        case .byteArray(let v):
            guard let (lo, hi) = v.minMaxIndices(r) else { return nil }
            return (.string(v[lo]), .string(v[hi]))
        }
    }

    private static func integerRange<T: FixedWidthInteger>(_ v: ArraySlice<T>) -> (T, T)? {
        guard var lo = v.first else { return nil }
        var hi = lo
        for x in v {
            lo = Swift.min(lo, x)
            hi = Swift.max(hi, x)
        }
        return (lo, hi)
    }
}
