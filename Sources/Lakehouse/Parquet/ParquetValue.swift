/// A value of any Parquet field, nested or not, following the schema exactly: a repeated
/// field's value is `.list` of its occurrences; a group's value is `.group` of named children.
/// Used for the Delta checkpoint (structs, maps, lists); flat data uses `ColumnarRows`.
public indirect enum ParquetValue: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var name: String
        public var value: ParquetValue
        public init(_ name: String, _ value: ParquetValue) {
            self.name = name
            self.value = value
        }
    }

    case null
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case string(String)
    case group([Field])
    case list([ParquetValue])

    public subscript(_ name: String) -> ParquetValue {
        guard case .group(let fields) = self else { return .null }
        return fields.first { $0.name == name }?.value ?? .null
    }

    public var isNull: Bool { self == .null }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var int64: Int64? {
        switch self {
        case .int64(let v): return v
        case .int32(let v): return Int64(v)
        default: return nil
        }
    }

    public var boolean: Bool? {
        if case .boolean(let b) = self { return b }
        return nil
    }

    /// A three-level MAP group as a dictionary (first child of each entry is the key).
    public var stringMap: [String: String]? {
        guard case .group(let fields) = self, let entries = fields.first?.value else { return nil }
        guard case .list(let items) = entries else { return [:] }
        var out: [String: String] = [:]
        for item in items {
            guard case .group(let kv) = item, kv.count == 2, let key = kv[0].value.string else { continue }
            out[key] = kv[1].value.string
        }
        return out
    }

    /// A three-level LIST group of strings.
    public var stringList: [String]? {
        guard case .group(let fields) = self, let entries = fields.first?.value else { return nil }
        guard case .list(let items) = entries else { return [] }
        return items.compactMap { item in
            if case .group(let element) = item { return element.first?.value.string }
            return item.string
        }
    }

    public static func map(_ dictionary: [String: String]?) -> ParquetValue {
        guard let dictionary else { return .null }
        let entries = dictionary.keys.sorted().map { k in
            ParquetValue.group([Field("key", .string(k)), Field("value", dictionary[k].map { .string($0) } ?? .null)])
        }
        return .group([Field("key_value", .list(entries))])
    }

    public static func list(strings: [String]?) -> ParquetValue {
        guard let strings else { return .null }
        return .group([Field("list", .list(strings.map { .group([Field("element", .string($0))]) }))])
    }
}
