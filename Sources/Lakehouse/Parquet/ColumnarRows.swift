/// Rows as typed columns: what the writer takes and the reader returns. Each column has one
/// slot per row; `validity` (nil when every value is present) marks nulls, whose slots hold
/// a placeholder (0, false or "").
public enum ColumnValues: Hashable, Sendable {
    case int32([Int32])
    case int64([Int64])
    case double([Double])
    case boolean([Bool])
    case string(StringColumn)
    case timestampMicros([Int64])

    /// Strings as a `StringColumn` (one copy of their bytes).
    public static func string(_ strings: [String]) -> ColumnValues { .string(StringColumn(strings)) }

    public var count: Int {
        switch self {
        case .int32(let v): return v.count
        case .int64(let v), .timestampMicros(let v): return v.count
        case .double(let v): return v.count
        case .boolean(let v): return v.count
        case .string(let v): return v.count
        }
    }

    public var type: LakeType {
        switch self {
        case .int32: return .int32
        case .int64: return .int64
        case .double: return .double
        case .boolean: return .boolean
        case .string: return .string
        case .timestampMicros: return .timestampMicros
        }
    }

    func select(_ indices: [Int]) -> ColumnValues {
        switch self {
        case .int32(let v): return .int32(indices.map { v[$0] })
        case .int64(let v): return .int64(indices.map { v[$0] })
        case .double(let v): return .double(indices.map { v[$0] })
        case .boolean(let v): return .boolean(indices.map { v[$0] })
        case .string(let v): return .string(v.gather(indices))
        case .timestampMicros(let v): return .timestampMicros(indices.map { v[$0] })
        }
    }

    mutating func append(_ other: ColumnValues) throws {
        // Each case binds the payload, then empties `self` so that the binding is the only
        // reference and grows in place instead of being copied.
        func mismatch() -> LakehouseError {
            LakehouseError(.invalidArgument, "cannot append \(other.type) values to a \(type) column")
        }
        switch self {
        case .int32(var a):
            guard case .int32(let b) = other else { throw mismatch() }
            self = .boolean([])
            a += b
            self = .int32(a)
        case .int64(var a):
            guard case .int64(let b) = other else { throw mismatch() }
            self = .boolean([])
            a += b
            self = .int64(a)
        case .double(var a):
            guard case .double(let b) = other else { throw mismatch() }
            self = .boolean([])
            a += b
            self = .double(a)
        case .boolean(var a):
            guard case .boolean(let b) = other else { throw mismatch() }
            self = .boolean([])
            a += b
            self = .boolean(a)
        case .string(var a):
            guard case .string(let b) = other else { throw mismatch() }
            self = .boolean([])
            a.append(contentsOf: b)
            self = .string(a)
        case .timestampMicros(var a):
            guard case .timestampMicros(let b) = other else { throw mismatch() }
            self = .boolean([])
            a += b
            self = .timestampMicros(a)
        }
    }

    func slice(_ range: Range<Int>) -> ColumnValues {
        switch self {
        case .int32(let v): return .int32(Array(v[range]))
        case .int64(let v): return .int64(Array(v[range]))
        case .double(let v): return .double(Array(v[range]))
        case .boolean(let v): return .boolean(Array(v[range]))
        case .string(let v): return .string(v.slice(range))
        case .timestampMicros(let v): return .timestampMicros(Array(v[range]))
        }
    }

    static func empty(_ type: LakeType) -> ColumnValues {
        switch type {
        case .int32: return .int32([])
        case .int64: return .int64([])
        case .double: return .double([])
        case .boolean: return .boolean([])
        case .string: return .string(StringColumn())
        case .timestampMicros: return .timestampMicros([])
        }
    }
}

public struct ColumnData: Hashable, Sendable {
    public var values: ColumnValues
    public var validity: [Bool]?
    public init(_ values: ColumnValues, validity: [Bool]? = nil) {
        self.values = values
        self.validity = validity
    }

    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }
    public var nullCount: Int { validity.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0 }
}

public struct ColumnarRows: Hashable, Sendable {
    public let schema: LakeSchema
    public private(set) var columns: [ColumnData]
    public private(set) var count: Int

    /// Checks that there is one column per schema column, of its type, all of one length, and
    /// that required columns hold no nulls.
    public init(schema: LakeSchema, columns: [ColumnData]) throws {
        guard columns.count == schema.columns.count else {
            throw LakehouseError(
                .invalidArgument, "expected \(schema.columns.count) columns, got \(columns.count)")
        }
        let count = columns.first?.values.count ?? 0
        for (c, data) in zip(schema.columns, columns) {
            guard data.values.type == c.type else {
                throw LakehouseError(.invalidArgument, "column \(c.name) is \(c.type), got \(data.values.type) values")
            }
            guard data.values.count == count, data.validity.map({ $0.count == count }) ?? true else {
                throw LakehouseError(.invalidArgument, "column \(c.name) has a different length from the others")
            }
            if !c.nullable && data.nullCount > 0 {
                throw LakehouseError(.invalidArgument, "column \(c.name) is required but has nulls")
            }
        }
        self.schema = schema
        self.columns = columns
        self.count = count
    }

    /// No rows; empty columns of the schema's own types need no validation.
    public static func empty(_ schema: LakeSchema) -> ColumnarRows {
        ColumnarRows(uncheckedSchema: schema, columns: schema.columns.map { ColumnData(.empty($0.type)) }, count: 0)
    }

    public func column(_ name: String) -> ColumnData? { schema.index(of: name).map { columns[$0] } }

    /// The rows at `indices`, in that order (used to split a batch by partition).
    public func select(_ indices: [Int]) -> ColumnarRows {
        var out = self
        out.columns = columns.map { c in
            ColumnData(c.values.select(indices), validity: c.validity.map { v in indices.map { v[$0] } })
        }
        out.count = indices.count
        return out
    }

    /// The rows in `range`.
    public func rows(_ range: Range<Int>) -> ColumnarRows {
        guard range != 0..<count else { return self }
        var out = self
        out.columns = columns.map { c in
            ColumnData(c.values.slice(range), validity: c.validity.map { Array($0[range]) })
        }
        out.count = range.count
        return out
    }

    /// Appends rows of the same schema.
    public mutating func append(_ other: ColumnarRows) throws {
        guard other.schema == schema else {
            throw LakehouseError(.invalidArgument, "cannot append rows of another schema")
        }
        if count == 0 {
            // Share the other rows' storage instead of copying it.
            columns = other.columns
            count = other.count
            return
        }
        for i in columns.indices {
            try columns[i].values.append(other.columns[i].values)
            if columns[i].validity != nil || other.columns[i].validity != nil {
                if columns[i].validity == nil { columns[i].validity = Array(repeating: true, count: count) }
                if let theirs = other.columns[i].validity {
                    columns[i].validity?.append(contentsOf: theirs)
                } else {
                    columns[i].validity?.append(contentsOf: repeatElement(true, count: other.count))
                }
            }
        }
        count += other.count
    }

    /// The schema's columns without `names` (partition columns live in directory names).
    public func dropping(_ names: Set<String>) -> ColumnarRows {
        let keep = schema.columns.indices.filter { !names.contains(schema.columns[$0].name) }
        return ColumnarRows(
            uncheckedSchema: LakeSchema(keep.map { schema.columns[$0] }), columns: keep.map { columns[$0] },
            count: count)
    }

    private init(uncheckedSchema: LakeSchema, columns: [ColumnData], count: Int) {
        self.schema = uncheckedSchema
        self.columns = columns
        self.count = count
    }
}
