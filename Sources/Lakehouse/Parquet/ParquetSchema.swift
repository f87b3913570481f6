/// A Parquet schema as a tree of fields, general enough for the Delta checkpoint (optional
/// structs, maps, lists) and flattened into the footer's depth-first `SchemaElement` list.
public struct ParquetField: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case primitive(PhysicalType)
        case group([ParquetField])
    }

    public var name: String
    public var repetition: Repetition
    public var kind: Kind
    public var logicalType: LogicalType?
    public var convertedType: ConvertedType?

    public init(
        _ name: String, _ repetition: Repetition, _ kind: Kind, logicalType: LogicalType? = nil,
        convertedType: ConvertedType? = nil
    ) {
        self.name = name
        self.repetition = repetition
        self.kind = kind
        self.logicalType = logicalType
        self.convertedType = convertedType
    }

    public var children: [ParquetField] {
        if case .group(let c) = kind { return c }
        return []
    }

    // Builders for the shapes the lake uses.
    public static func string(_ name: String, _ repetition: Repetition = .optional) -> ParquetField {
        ParquetField(name, repetition, .primitive(.byteArray), logicalType: .string, convertedType: .utf8)
    }
    public static func int64(_ name: String, _ repetition: Repetition = .optional) -> ParquetField {
        ParquetField(name, repetition, .primitive(.int64))
    }
    public static func int32(_ name: String, _ repetition: Repetition = .optional) -> ParquetField {
        ParquetField(name, repetition, .primitive(.int32))
    }
    public static func boolean(_ name: String, _ repetition: Repetition = .optional) -> ParquetField {
        ParquetField(name, repetition, .primitive(.boolean))
    }
    public static func double(_ name: String, _ repetition: Repetition = .optional) -> ParquetField {
        ParquetField(name, repetition, .primitive(.double))
    }
    public static func timestampMicros(_ name: String, _ repetition: Repetition = .optional) -> ParquetField {
        ParquetField(
            name, repetition, .primitive(.int64), logicalType: .timestamp(isAdjustedToUTC: true, unit: .micros),
            convertedType: .timestampMicros)
    }
    public static func group(_ name: String, _ repetition: Repetition = .optional, _ children: [ParquetField])
        -> ParquetField
    {
        ParquetField(name, repetition, .group(children))
    }
    /// `map<string,string>` in the standard three-level layout (LogicalTypes.md "Maps").
    public static func stringMap(_ name: String) -> ParquetField {
        let entry = ParquetField(
            "key_value", .repeated, .group([.string("key", .required), .string("value", .optional)]))
        return ParquetField(name, .optional, .group([entry]), logicalType: .map, convertedType: .map)
    }
    /// `list<string>` in the standard three-level layout (LogicalTypes.md "Lists").
    public static func stringList(_ name: String) -> ParquetField {
        let entry = ParquetField("list", .repeated, .group([.string("element", .optional)]))
        return ParquetField(name, .optional, .group([entry]), logicalType: .list, convertedType: .list)
    }
}

/// One leaf column: its path, type and the maximum definition and repetition levels.
public struct ParquetColumnDescriptor: Hashable, Sendable {
    public var path: [String]
    public var physicalType: PhysicalType
    public var logicalType: LogicalType?
    public var convertedType: ConvertedType?
    public var maxDefinitionLevel: Int
    public var maxRepetitionLevel: Int
    /// Nullable at the leaf itself (its own repetition is OPTIONAL).
    public var isOptionalLeaf: Bool
}

public struct ParquetSchema: Hashable, Sendable {
    public var fields: [ParquetField]
    public private(set) var columns: [ParquetColumnDescriptor] = []

    public init(_ fields: [ParquetField]) {
        self.fields = fields
        for f in fields { Self.collect(f, path: [], def: 0, rep: 0, into: &columns) }
    }

    private static func collect(
        _ f: ParquetField, path: [String], def: Int, rep: Int, into out: inout [ParquetColumnDescriptor]
    ) {
        let d = def + (f.repetition == .required ? 0 : 1)
        let r = rep + (f.repetition == .repeated ? 1 : 0)
        switch f.kind {
        case .primitive(let t):
            out.append(
                ParquetColumnDescriptor(
                    path: path + [f.name], physicalType: t, logicalType: f.logicalType,
                    convertedType: f.convertedType, maxDefinitionLevel: d, maxRepetitionLevel: r,
                    isOptionalLeaf: f.repetition == .optional))
        case .group(let children):
            for c in children { collect(c, path: path + [f.name], def: d, rep: r, into: &out) }
        }
    }

    /// The footer's depth-first element list, root first.
    public func schemaElements() -> [SchemaElement] {
        var root = SchemaElement(name: "schema")
        root.numChildren = Int32(fields.count)
        var out = [root]
        for f in fields { Self.flatten(f, into: &out) }
        return out
    }

    private static func flatten(_ f: ParquetField, into out: inout [SchemaElement]) {
        var e = SchemaElement(name: f.name)
        e.repetition = f.repetition
        e.logicalType = f.logicalType
        e.convertedType = f.convertedType
        switch f.kind {
        case .primitive(let t):
            e.type = t
            out.append(e)
        case .group(let children):
            e.numChildren = Int32(children.count)
            out.append(e)
            for c in children { flatten(c, into: &out) }
        }
    }

    /// Rebuilds the tree from a footer's element list; malformed child counts throw.
    public init(elements: [SchemaElement]) throws {
        guard let root = elements.first else { throw LakehouseError(.corruptFile, "Parquet footer has no schema") }
        var index = 1
        var fields: [ParquetField] = []
        for _ in 0..<max(0, Int(root.numChildren ?? 0)) {
            fields.append(try Self.unflatten(elements, &index, depth: 0))
        }
        guard index == elements.count else {
            throw LakehouseError(.corruptFile, "Parquet schema has \(elements.count - index) unreachable elements")
        }
        self.init(fields)
    }

    private static func unflatten(_ elements: [SchemaElement], _ index: inout Int, depth: Int) throws -> ParquetField {
        guard index < elements.count, depth < 32 else {
            throw LakehouseError(.corruptFile, "Parquet schema child counts do not match its elements")
        }
        let e = elements[index]
        index += 1
        let repetition = e.repetition ?? .required
        if let n = e.numChildren, n > 0 || e.type == nil {
            guard Int(n) <= elements.count - index else {
                throw LakehouseError(.corruptFile, "Parquet schema group \(e.name) claims \(n) children")
            }
            var children: [ParquetField] = []
            for _ in 0..<Int(n) { children.append(try unflatten(elements, &index, depth: depth + 1)) }
            return ParquetField(
                e.name, repetition, .group(children), logicalType: e.logicalType, convertedType: e.convertedType)
        }
        guard let t = e.type else { throw LakehouseError(.corruptFile, "Parquet schema leaf \(e.name) has no type") }
        return ParquetField(
            e.name, repetition, .primitive(t), logicalType: e.logicalType, convertedType: e.convertedType)
    }
}
