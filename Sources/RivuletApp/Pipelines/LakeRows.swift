import Lakehouse
import StreamEngine

/// Engine output columns as lake columns: strings leave their dictionaries, timestamps go
/// from milliseconds to TIMESTAMP(MICROS, UTC).
extension LakeType {
    init(_ type: VectorType) {
        switch type {
        case .int64: self = .int64
        case .double: self = .double
        case .bool: self = .boolean
        case .timestamp: self = .timestampMicros
        case .string: self = .string
        }
    }
}

extension LakeSchema {
    /// Columns named and typed as `columns`; `nullable[i]` says whether column i may hold nulls.
    init(_ columns: [(name: String, type: VectorType)], nullable: [Bool]) {
        self.init(zip(columns, nullable).map { LakeColumn($0.name, LakeType($0.type), nullable: $1) })
    }
}

extension ColumnData {
    /// The column's values as `type`; a value of another type would be a bug in the engine's
    /// typing and becomes an all-null column rather than a trap.
    init(_ column: RowColumns.Column, as type: LakeType) {
        let values: ColumnValues
        switch (column.values, type) {
        case (.int64(let v), .int64): values = .int64(v)
        case (.int64(let v), .int32): values = .int32(v.map { Int32(truncatingIfNeeded: $0) })
        case (.double(let v), .double): values = .double(v)
        case (.bool(let v), .boolean): values = .boolean(v)
        case (.timestamp(let v), .timestampMicros): values = .timestampMicros(v.map { $0 &* 1000 })
        case (.string(let codes, let dictionary), .string):
            // Null rows hold code 0, which an all-null batch's empty dictionary does not have.
            values = .string(codes.map { Int($0) < dictionary.count ? dictionary[Int($0)] : "" })
        default:
            let n = column.values.count
            self.init(ColumnValues.empty(type, count: n), validity: Array(repeating: false, count: n))
            return
        }
        self.init(values, validity: column.validity)
    }
}

extension ColumnValues {
    static func empty(_ type: LakeType, count n: Int) -> ColumnValues {
        switch type {
        case .int32: .int32(Array(repeating: 0, count: n))
        case .int64: .int64(Array(repeating: 0, count: n))
        case .double: .double(Array(repeating: 0, count: n))
        case .boolean: .boolean(Array(repeating: false, count: n))
        case .string: .string(Array(repeating: "", count: n))
        case .timestampMicros: .timestampMicros(Array(repeating: 0, count: n))
        }
    }
}

extension RowColumns {
    /// These rows as lake rows of `schema` (same columns, in order).
    func lakeRows(_ schema: LakeSchema) throws -> ColumnarRows {
        try ColumnarRows(schema: schema, columns: zip(columns, schema.columns).map { ColumnData($0, as: $1.type) })
    }

    /// Several batches as one set of lake rows, each column concatenated once.
    static func lakeRows(_ batches: [RowColumns], _ schema: LakeSchema) throws -> ColumnarRows {
        guard batches.count != 1 else { return try batches[0].lakeRows(schema) }
        let columns = schema.columns.enumerated().map { c, column -> ColumnData in
            let parts = batches.map { ColumnData($0.columns[c], as: column.type) }
            let validity: [Bool]? =
                parts.allSatisfy({ $0.validity == nil })
                ? nil : parts.flatMap { $0.validity ?? Array(repeating: true, count: $0.values.count) }
            return ColumnData(ColumnValues.concatenating(parts.map(\.values), column.type), validity: validity)
        }
        return try ColumnarRows(schema: schema, columns: columns)
    }
}

extension ColumnValues {
    static func concatenating(_ parts: [ColumnValues], _ type: LakeType) -> ColumnValues {
        func all<T>(_ pick: (ColumnValues) -> [T]?) -> [T] { parts.flatMap { pick($0) ?? [] } }
        switch type {
        case .int32: return .int32(all { if case .int32(let v) = $0 { v } else { nil } })
        case .int64: return .int64(all { if case .int64(let v) = $0 { v } else { nil } })
        case .double: return .double(all { if case .double(let v) = $0 { v } else { nil } })
        case .boolean: return .boolean(all { if case .boolean(let v) = $0 { v } else { nil } })
        case .string:
            var strings = StringColumn()
            for case .string(let v) in parts { strings.append(contentsOf: v) }
            return .string(strings)
        case .timestampMicros: return .timestampMicros(all { if case .timestampMicros(let v) = $0 { v } else { nil } })
        }
    }
}
