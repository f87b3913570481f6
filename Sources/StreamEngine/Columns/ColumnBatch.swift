import RivuletCore

/// A contiguous column of Int64 values (int64, timestamp-in-milliseconds and bool fields).
public struct Int64Column: Sendable {
    public internal(set) var values: [Int64] = []
    public internal(set) var validity = ValidityBitmap()
}

public struct DoubleColumn: Sendable {
    public internal(set) var values: [Double] = []
    public internal(set) var validity = ValidityBitmap()
}

/// Strings dictionary-encoded per batch: each row holds a code into `dictionary`, so the
/// engine hashes a device id once per batch and distinct value, not once per row downstream.
public struct StringColumn: Sendable {
    public internal(set) var codes: [Int32] = []
    public internal(set) var validity = ValidityBitmap()
    var dictionary = ByteStringTable()

    public var dictionaryCount: Int { dictionary.count }
    public func string(code: Int32) -> String { dictionary.string(at: code) }
}

/// Where a record's bytes sit in `ColumnBatch.source`.
public struct RecordSpan: Hashable, Sendable {
    public var start: Int32
    public var length: Int32
}

/// Records decoded into typed columns (Arrow-like): one column per projected schema field,
/// per-row source offsets, and the spans of the raw bytes, kept so that late events and
/// dead letters can carry the original record without copying every record up front.
///
/// Built by `JSONBatchDecoder`; read by the aggregator. Owned by one pipeline task.
public struct ColumnBatch: Sendable {
    enum Storage: Hashable, Sendable {
        case absent
        case int64(Int)
        case double(Int)
        case string(Int)
    }

    public let schema: Schema
    public internal(set) var count = 0
    var storage: [Storage]
    public internal(set) var int64Columns: [Int64Column] = []
    public internal(set) var doubleColumns: [DoubleColumn] = []
    public internal(set) var stringColumns: [StringColumn] = []
    /// Source offset per decoded row.
    public internal(set) var offsets: [Int64] = []
    public internal(set) var spans: [RecordSpan] = []
    /// The raw input the spans point into.
    public internal(set) var source: [UInt8] = []
    /// Records that could not be decoded, in input order.
    public internal(set) var failures: [DecodeFailure] = []
    /// One past the highest source offset seen, failures included; nil for an empty batch.
    public internal(set) var nextOffset: Int64?

    /// `projection` names the fields to materialise; nil materialises every field. Fields
    /// left out are still checked for type and presence, so bad records are caught either way.
    public init(schema: Schema, projection: Set<String>? = nil) {
        self.schema = schema
        var storage: [Storage] = []
        for field in schema.fields {
            if let projection, !projection.contains(field.name) {
                storage.append(.absent)
                continue
            }
            switch field.type {
            case .int64, .timestamp, .bool:
                storage.append(.int64(int64Columns.count))
                int64Columns.append(Int64Column())
            case .double:
                storage.append(.double(doubleColumns.count))
                doubleColumns.append(DoubleColumn())
            case .string:
                storage.append(.string(stringColumns.count))
                stringColumns.append(StringColumn())
            }
        }
        self.storage = storage
    }

    /// An empty batch with the same schema and projection, for reuse by the decoder.
    public func emptyCopy() -> ColumnBatch {
        var copy = ColumnBatch(schema: schema)
        copy.storage = storage
        copy.int64Columns = int64Columns.map { _ in Int64Column() }
        copy.doubleColumns = doubleColumns.map { _ in DoubleColumn() }
        copy.stringColumns = stringColumns.map { _ in StringColumn() }
        return copy
    }

    public func isProjected(_ field: Int) -> Bool { storage[field] != .absent }

    public func int64Column(_ field: Int) -> Int64Column? {
        if case .int64(let i) = storage[field] { return int64Columns[i] }
        return nil
    }

    public func doubleColumn(_ field: Int) -> DoubleColumn? {
        if case .double(let i) = storage[field] { return doubleColumns[i] }
        return nil
    }

    public func stringColumn(_ field: Int) -> StringColumn? {
        if case .string(let i) = storage[field] { return stringColumns[i] }
        return nil
    }

    /// One cell as a `Value`; for edges (late events, tests), not for inner loops.
    public func value(field: Int, row: Int) -> Value {
        switch storage[field] {
        case .absent:
            return .null
        case .int64(let i):
            let c = int64Columns[i]
            guard c.validity.isValid(row) else { return .null }
            switch schema.fields[field].type {
            case .bool: return .bool(c.values[row] != 0)
            case .timestamp: return .timestamp(Timestamp(milliseconds: c.values[row]))
            default: return .int64(c.values[row])
            }
        case .double(let i):
            let c = doubleColumns[i]
            return c.validity.isValid(row) ? .double(c.values[row]) : .null
        case .string(let i):
            let c = stringColumns[i]
            return c.validity.isValid(row) ? .string(c.dictionary.string(at: c.codes[row])) : .null
        }
    }

    /// The raw bytes of a decoded row.
    public func rawRecord(row: Int) -> [UInt8] {
        let span = spans[row]
        let start = Int(span.start)
        return Array(source[start..<start + Int(span.length)])
    }
}
