/// Splits nested records into leaf columns with definition and repetition levels (the
/// Dremel "striping" the Parquet format is built on).
///
/// A field adds one definition level when it is optional or repeated, and a repeated field
/// adds one repetition level; a value that stops early (null or empty list) records the
/// level it reached in every leaf below it.
struct NestedShredder {
    let schema: ParquetSchema
    private(set) var leaves: [LeafBuilder]

    struct LeafBuilder {
        var physical: PhysicalType
        var booleans: [Bool] = []
        var int32s: [Int32] = []
        var int64s: [Int64] = []
        var doubles: [Double] = []
        var strings = StringColumn()
        var defs: [UInt8] = []
        var reps: [UInt8] = []

        mutating func append(_ value: ParquetValue?, def: Int, rep: Int) throws {
            defs.append(UInt8(def))
            reps.append(UInt8(rep))
            switch (physical, value) {
            case (.boolean, .boolean(let b)?): booleans.append(b)
            case (.boolean, nil): booleans.append(false)
            case (.int32, .int32(let v)?): int32s.append(v)
            case (.int32, nil): int32s.append(0)
            case (.int64, .int64(let v)?): int64s.append(v)
            case (.int64, .int32(let v)?): int64s.append(Int64(v))
            case (.int64, nil): int64s.append(0)
            case (.double, .double(let v)?): doubles.append(v)
            case (.double, nil): doubles.append(0)
            case (.byteArray, .string(let s)?): strings.append(s)
            case (.byteArray, nil): strings.append("")
            default:
                throw LakehouseError(
                    .invalidArgument, "value \(String(describing: value)) does not fit a \(physical) column")
            }
        }

        func leaf(_ descriptor: ParquetColumnDescriptor) -> LeafColumn {
            let values: LeafValues
            switch physical {
            case .boolean: values = .boolean(booleans)
            case .int32: values = .int32(int32s)
            case .double: values = .double(doubles)
            case .byteArray: values = .byteArray(strings)
            default: values = .int64(int64s)
            }
            return LeafColumn(
                values: values,
                definitionLevels: descriptor.maxDefinitionLevel > 0 ? defs : nil,
                repetitionLevels: descriptor.maxRepetitionLevel > 0 ? reps : nil)
        }
    }

    init(schema: ParquetSchema) {
        self.schema = schema
        self.leaves = schema.columns.map { LeafBuilder(physical: $0.physicalType) }
    }

    var columns: [LeafColumn] { zip(leaves, schema.columns).map { $0.leaf($1) } }

    /// Adds one record: `row` holds a value per top-level field (missing names are null).
    mutating func append(_ row: [ParquetValue.Field]) throws {
        var leaf = 0
        for field in schema.fields {
            let value = row.first { $0.name == field.name }?.value ?? .null
            try shred(field, value, def: 0, rep: 0, repDepth: 0, leaf: &leaf)
        }
    }

    private mutating func shred(
        _ field: ParquetField, _ value: ParquetValue, def: Int, rep: Int, repDepth: Int, leaf: inout Int
    ) throws {
        switch field.repetition {
        case .repeated:
            let items: [ParquetValue]
            if case .list(let l) = value { items = l } else if value.isNull { items = [] } else { items = [value] }
            if items.isEmpty {
                try emitAbsent(field, def: def, rep: rep, leaf: &leaf)
                return
            }
            let start = leaf
            for (i, item) in items.enumerated() {
                leaf = start
                try shredPresent(
                    field, item, def: def + 1, rep: i == 0 ? rep : repDepth + 1, repDepth: repDepth + 1, leaf: &leaf)
            }
        case .optional:
            if value.isNull {
                try emitAbsent(field, def: def, rep: rep, leaf: &leaf)
            } else {
                try shredPresent(field, value, def: def + 1, rep: rep, repDepth: repDepth, leaf: &leaf)
            }
        case .required:
            guard !value.isNull else {
                throw LakehouseError(.invalidArgument, "required field \(field.name) is null")
            }
            try shredPresent(field, value, def: def, rep: rep, repDepth: repDepth, leaf: &leaf)
        }
    }

    private mutating func shredPresent(
        _ field: ParquetField, _ value: ParquetValue, def: Int, rep: Int, repDepth: Int, leaf: inout Int
    ) throws {
        switch field.kind {
        case .primitive:
            try leaves[leaf].append(value, def: def, rep: rep)
            leaf += 1
        case .group(let children):
            for child in children {
                try shred(child, value[child.name], def: def, rep: rep, repDepth: repDepth, leaf: &leaf)
            }
        }
    }

    private mutating func emitAbsent(_ field: ParquetField, def: Int, rep: Int, leaf: inout Int) throws {
        for _ in 0..<Self.leafCount(field) {
            try leaves[leaf].append(nil, def: def, rep: rep)
            leaf += 1
        }
    }

    static func leafCount(_ field: ParquetField) -> Int {
        switch field.kind {
        case .primitive: return 1
        case .group(let children): return children.reduce(0) { $0 + leafCount($1) }
        }
    }
}
