/// The rows of one row group as `ParquetWriter` received them: ranges of the callers' batches,
/// held by reference (columns are copy-on-write arrays). Each column is copied once, straight
/// into its leaf, when the row group is written, instead of being appended to a growing
/// buffer batch by batch and copied again whenever that buffer regrows.
///
/// Memory is the rows it holds plus, at most, the rest of the last batch it was given a
/// part of (that batch's storage stays alive until its last range is written).
struct RowGroupBuffer {
    private var pieces: [(rows: ColumnarRows, range: Range<Int>)] = []
    private(set) var count = 0

    mutating func append(_ rows: ColumnarRows, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        pieces.append((rows, range))
        count += range.count
    }

    mutating func removeAll() {
        pieces.removeAll()
        count = 0
    }

    /// Column `column` of every piece, in order, as the leaf the page encoders take.
    func leaf(_ column: Int, nullable: Bool) -> LeafColumn {
        if pieces.count == 1, pieces[0].range == 0..<pieces[0].rows.count {
            return pieces[0].rows.columns[column].leaf(nullable: nullable)
        }
        let parts = pieces.map { ($0.rows.columns[column], $0.range) }
        let values: LeafValues
        switch parts.first?.0.values ?? .int32([]) {
        case .int32: values = .int32(Self.concatenate(parts) { if case .int32(let v) = $0 { v } else { nil } })
        case .int64, .timestampMicros:
            values = .int64(
                Self.concatenate(parts) {
                    switch $0 {
                    case .int64(let v), .timestampMicros(let v): v
                    default: nil
                    }
                })
        case .double: values = .double(Self.concatenate(parts) { if case .double(let v) = $0 { v } else { nil } })
        case .boolean: values = .boolean(Self.concatenate(parts) { if case .boolean(let v) = $0 { v } else { nil } })
        case .string:
            var strings = StringColumn()
            let byteCount = parts.reduce(0) { total, part in
                guard case .string(let v) = part.0.values else { return total }
                return total + v.offsets[part.1.upperBound] - v.offsets[part.1.lowerBound]
            }
            strings.reserveCapacity(values: count, bytes: byteCount)
            for (data, range) in parts {
                if case .string(let v) = data.values { strings.append(contentsOf: v, range) }
            }
            values = .byteArray(strings)
        }
        guard nullable else { return LeafColumn(values: values) }
        return LeafColumn(values: values, definitionLevels: Self.definitionLevels(parts, count))
    }

    /// The pieces' arrays of one type, copied once into an array of exactly the right size.
    private static func concatenate<T>(_ parts: [(ColumnData, Range<Int>)], _ array: (ColumnValues) -> [T]?) -> [T] {
        let total = parts.reduce(0) { $0 + $1.1.count }
        var out: [T] = []
        out.reserveCapacity(total)
        for (data, range) in parts {
            if let v = array(data.values) { out.append(contentsOf: v[range]) }
        }
        return out
    }

    /// Level 1 where a value is present, 0 for a null.
    private static func definitionLevels(_ parts: [(ColumnData, Range<Int>)], _ count: Int) -> [UInt8] {
        var levels = [UInt8](repeating: 1, count: count)
        var at = 0
        for (data, range) in parts {
            if let validity = data.validity {
                for (k, present) in validity[range].enumerated() where !present { levels[at + k] = 0 }
            }
            at += range.count
        }
        return levels
    }
}
