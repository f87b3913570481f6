import RivuletCore

/// Output rows as named typed columns: what pass-through pipelines hand to their sinks and
/// what `select:` expressions read and write. Strings stay dictionary-encoded (a code per row
/// into a small table of distinct values), so string functions run once per distinct value.
public struct RowColumns: Hashable, Sendable {
    public enum Values: Hashable, Sendable {
        case int64([Int64])
        case double([Double])
        case bool([Bool])
        /// Milliseconds since the epoch, UTC.
        case timestamp([Int64])
        case string(codes: [Int32], dictionary: [String])

        public var type: VectorType {
            switch self {
            case .int64: .int64
            case .double: .double
            case .bool: .bool
            case .timestamp: .timestamp
            case .string: .string
            }
        }

        public var count: Int {
            switch self {
            case .int64(let v), .timestamp(let v): v.count
            case .double(let v): v.count
            case .bool(let v): v.count
            case .string(let codes, _): codes.count
            }
        }
    }

    public struct Column: Hashable, Sendable {
        public var name: String
        public var values: Values
        /// One flag per row, nil when no row is null.
        public var validity: [Bool]?

        public init(_ name: String, _ values: Values, validity: [Bool]? = nil) {
            self.name = name
            self.values = values
            self.validity = validity
        }

        public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }

        /// One cell; for tests and edges.
        public func value(_ row: Int) -> Value {
            if isNull(row) { return .null }
            switch values {
            case .int64(let v): return .int64(v[row])
            case .double(let v): return .double(v[row])
            case .bool(let v): return .bool(v[row])
            case .timestamp(let v): return .timestamp(Timestamp(milliseconds: v[row]))
            case .string(let codes, let dictionary):
                return Int(codes[row]) < dictionary.count ? .string(dictionary[Int(codes[row])]) : .null
            }
        }
    }

    public var columns: [Column]
    public var count: Int

    public init(columns: [Column], count: Int) {
        self.columns = columns
        self.count = count
    }

    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
}

/// The type of a `RowColumns` column.
public enum VectorType: String, Hashable, Sendable {
    case int64, double, bool, timestamp, string

    init(_ type: FieldType) {
        switch type {
        case .int64: self = .int64
        case .double: self = .double
        case .bool: self = .bool
        case .string: self = .string
        case .timestamp: self = .timestamp
        }
    }
}

extension ColumnBatch {
    /// Fields `fields` of `rows` as output columns named after the schema.
    public func rowColumns(fields: [Int], rows: [Int32]) -> RowColumns {
        RowColumns(columns: fields.map { rowColumn(field: $0, rows: rows) }, count: rows.count)
    }

    /// Field `f` of `rows` as an output column named after the schema field.
    public func rowColumn(field f: Int, rows: [Int32]) -> RowColumns.Column {
            let name = schema.fields[f].name
            switch storage[f] {
            case .absent:
                return RowColumns.Column(name, .int64(Array(repeating: 0, count: rows.count)), validity: rows.map { _ in false })
            case .int64(let i):
                let c = int64Columns[i]
                let values = rows.map { c.values[Int($0)] }
                let typed: RowColumns.Values =
                    switch schema.fields[f].type {
                    case .bool: .bool(values.map { $0 != 0 })
                    case .timestamp: .timestamp(values)
                    default: .int64(values)
                    }
                return RowColumns.Column(name, typed, validity: c.validity.flags(rows))
            case .double(let i):
                let c = doubleColumns[i]
                return RowColumns.Column(name, .double(rows.map { c.values[Int($0)] }), validity: c.validity.flags(rows))
            case .string(let i):
                let c = stringColumns[i]
                let dictionary = (0..<c.dictionaryCount).map { c.string(code: Int32($0)) }
                return RowColumns.Column(
                    name, .string(codes: rows.map { c.codes[Int($0)] }, dictionary: dictionary),
                    validity: c.validity.flags(rows))
            }
    }
}

extension RowColumns {
    /// Window rows as columns (`window_start`, `window_end`, keys, aggregates), typed by `types`.
    public init(windowRows rows: [WindowRow], names: [String], types: [VectorType]) {
        var cells: [[Value]] = Array(repeating: [], count: names.count)
        for row in rows {
            let values = [Value.timestamp(row.windowStart), .timestamp(row.windowEnd)] + row.keys + row.values
            for c in cells.indices { cells[c].append(c < values.count ? values[c] : .null) }
        }
        self.init(columns: zip(names, zip(types, cells)).map { Self.column($0, $1.0, $1.1) }, count: rows.count)
    }

    /// A column of `type` from values (nulls and values of other types become nulls).
    public static func column(_ name: String, _ type: VectorType, _ cells: [Value]) -> Column {
        var validity: [Bool] = []
        validity.reserveCapacity(cells.count)
        func collect<T>(_ empty: T, _ pick: (Value) -> T?) -> [T] {
            cells.map { v in
                let x = pick(v)
                validity.append(x != nil)
                return x ?? empty
            }
        }
        let values: Values
        switch type {
        case .int64: values = .int64(collect(0) { $0.int64Value })
        case .double: values = .double(collect(0) { $0.doubleValue })
        case .bool: values = .bool(collect(false) { if case .bool(let b) = $0 { b } else { nil } })
        case .timestamp: values = .timestamp(collect(0) { if case .timestamp(let t) = $0 { t.milliseconds } else { nil } })
        case .string:
            var dictionary: [String] = []
            var codeOf: [String: Int32] = [:]
            let codes = collect(Int32(0)) { v -> Int32? in
                if case .null = v { return nil }
                let s = v.description
                if let c = codeOf[s] { return c }
                codeOf[s] = Int32(dictionary.count)
                dictionary.append(s)
                return Int32(dictionary.count - 1)
            }
            values = .string(codes: codes, dictionary: dictionary)
        }
        return Column(name, values, validity: validity.contains(false) ? validity : nil)
    }
}

extension PipelineDefinition {
    /// The type of each of `outputColumns`: bounds are timestamps, keys their field's type,
    /// counts int64, averages and other statistics double, min/max/first/last the field's type.
    public var outputTypes: [VectorType] {
        func type(_ name: String) -> VectorType { schema[name].map { VectorType($0.type) } ?? .string }
        var types: [VectorType] = [.timestamp, .timestamp] + groupBy.map(type)
        for aggregate in aggregates {
            switch aggregate.function {
            case .count, .countField, .countIf: types.append(.int64)
            case .sum(let f): types.append(type(f) == .int64 ? .int64 : .double)
            case .avg, .stddev, .percentile: types.append(.double)
            case .min(let f), .max(let f), .first(let f), .last(let f): types.append(type(f))
            }
        }
        return types
    }
}
