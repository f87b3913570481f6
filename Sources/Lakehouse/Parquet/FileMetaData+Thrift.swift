/// Compact-protocol encoders and decoders for the footer structures. Field ids are those of
/// parquet.thrift; unknown fields are skipped so newer writers' footers still read.
extension Statistics {
    func encode(_ w: inout CompactWriter) {
        if let max { w.field(1, binary: max) }
        if let min { w.field(2, binary: min) }
        if let nullCount { w.field(3, i64: nullCount) }
        if let distinctCount { w.field(4, i64: distinctCount) }
        if let maxValue { w.field(5, binary: maxValue) }
        if let minValue { w.field(6, binary: minValue) }
    }

    static func decode(_ r: inout CompactReader) throws -> Statistics {
        var s = Statistics()
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): s.max = try r.readBinary()
            case (2, .binary): s.min = try r.readBinary()
            case (3, .i64): s.nullCount = try r.readI64()
            case (4, .i64): s.distinctCount = try r.readI64()
            case (5, .binary): s.maxValue = try r.readBinary()
            case (6, .binary): s.minValue = try r.readBinary()
            default: try r.skip(type)
            }
        }
        return s
    }
}

func enumValue<E: RawRepresentable>(_ r: inout CompactReader, _: E.Type, _ what: String) throws -> E
where E.RawValue == Int32 {
    let raw = try r.readI32()
    guard let value = E(rawValue: raw) else { throw CompactReader.corrupt("unknown \(what) \(raw)") }
    return value
}

extension LogicalType {
    func encode(_ w: inout CompactWriter) {
        switch self {
        case .string: w.field(1) { _ in }
        case .map: w.field(2) { _ in }
        case .list: w.field(3) { _ in }
        case .date: w.field(6) { _ in }
        case .timestamp(let utc, let unit):
            w.field(8) { w in
                w.field(1, bool: utc)
                w.field(2) { w in w.field(Int16(unit.rawValue)) { _ in } }
            }
        case .other(let id): w.field(id) { _ in }
        }
    }

    static func decode(_ r: inout CompactReader) throws -> LogicalType? {
        var result: LogicalType?
        try r.readStruct { r, id, type in
            guard type == .structure else { return try r.skip(type) }
            switch id {
            case 1:
                result = .string
                try r.skip(type)
            case 2:
                result = .map
                try r.skip(type)
            case 3:
                result = .list
                try r.skip(type)
            case 6:
                result = .date
                try r.skip(type)
            case 8: result = try decodeTimestamp(&r)
            default:
                result = .other(id)
                try r.skip(type)
            }
        }
        return result
    }

    private static func decodeTimestamp(_ r: inout CompactReader) throws -> LogicalType {
        var utc = false
        var unit = TimeUnit.micros
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .boolTrue), (1, .boolFalse): utc = try r.bool(type)
            case (2, .structure):
                try r.readStruct { r, unitID, unitType in
                    if let u = TimeUnit(rawValue: Int32(unitID)) { unit = u }
                    try r.skip(unitType)
                }
            default: try r.skip(type)
            }
        }
        return .timestamp(isAdjustedToUTC: utc, unit: unit)
    }
}

extension SchemaElement {
    func encode(_ w: inout CompactWriter) {
        if let type { w.field(1, i32: type.rawValue) }
        if let typeLength { w.field(2, i32: typeLength) }
        if let repetition { w.field(3, i32: repetition.rawValue) }
        w.field(4, string: name)
        if let numChildren { w.field(5, i32: numChildren) }
        if let convertedType { w.field(6, i32: convertedType.rawValue) }
        if let logicalType { w.field(10) { w in logicalType.encode(&w) } }
    }

    static func decode(_ r: inout CompactReader) throws -> SchemaElement {
        var e = SchemaElement(name: "")
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): e.type = try enumValue(&r, PhysicalType.self, "physical type")
            case (2, .i32): e.typeLength = try r.readI32()
            case (3, .i32): e.repetition = try enumValue(&r, Repetition.self, "repetition")
            case (4, .binary): e.name = try r.readString()
            case (5, .i32): e.numChildren = try r.readI32()
            case (6, .i32): e.convertedType = ConvertedType(rawValue: try r.readI32())
            case (10, .structure): e.logicalType = try LogicalType.decode(&r)
            default: try r.skip(type)
            }
        }
        return e
    }
}

extension ColumnMetaData {
    func encode(_ w: inout CompactWriter) {
        w.field(1, i32: type.rawValue)
        w.field(2, i32List: encodings.map(\.rawValue))
        w.field(3, stringList: pathInSchema)
        w.field(4, i32: codec.rawValue)
        w.field(5, i64: numValues)
        w.field(6, i64: totalUncompressedSize)
        w.field(7, i64: totalCompressedSize)
        w.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { w.field(11, i64: dictionaryPageOffset) }
        if let statistics { w.field(12) { w in statistics.encode(&w) } }
    }

    static func decode(_ r: inout CompactReader) throws -> ColumnMetaData {
        var m = ColumnMetaData(type: .int32, pathInSchema: [], codec: .uncompressed)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): m.type = try enumValue(&r, PhysicalType.self, "physical type")
            case (2, .list): m.encodings = try r.readList { Encoding(rawValue: try $0.readI32()) }.compactMap { $0 }
            case (3, .list): m.pathInSchema = try r.readList { try $0.readString() }
            case (4, .i32): m.codec = try enumValue(&r, CompressionCodec.self, "compression codec")
            case (5, .i64): m.numValues = try r.readI64()
            case (6, .i64): m.totalUncompressedSize = try r.readI64()
            case (7, .i64): m.totalCompressedSize = try r.readI64()
            case (9, .i64): m.dataPageOffset = try r.readI64()
            case (11, .i64): m.dictionaryPageOffset = try r.readI64()
            case (12, .structure): m.statistics = try Statistics.decode(&r)
            default: try r.skip(type)
            }
        }
        return m
    }
}

extension ColumnChunk {
    func encode(_ w: inout CompactWriter) {
        if let filePath { w.field(1, string: filePath) }
        w.field(2, i64: fileOffset)
        if let metaData { w.field(3) { w in metaData.encode(&w) } }
    }

    static func decode(_ r: inout CompactReader) throws -> ColumnChunk {
        var c = ColumnChunk(fileOffset: 0, metaData: nil)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): c.filePath = try r.readString()
            case (2, .i64): c.fileOffset = try r.readI64()
            case (3, .structure): c.metaData = try ColumnMetaData.decode(&r)
            default: try r.skip(type)
            }
        }
        return c
    }
}

extension RowGroup {
    func encode(_ w: inout CompactWriter) {
        w.field(1, structList: columns) { w, c in c.encode(&w) }
        w.field(2, i64: totalByteSize)
        w.field(3, i64: numRows)
        if let fileOffset { w.field(5, i64: fileOffset) }
        if let totalCompressedSize { w.field(6, i64: totalCompressedSize) }
        if let ordinal {
            w.fieldHeader(7, .i16)
            w.writeZigZag(Int64(ordinal))
        }
    }

    static func decode(_ r: inout CompactReader) throws -> RowGroup {
        var g = RowGroup(columns: [], totalByteSize: 0, numRows: 0)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .list): g.columns = try r.readList { try ColumnChunk.decode(&$0) }
            case (2, .i64): g.totalByteSize = try r.readI64()
            case (3, .i64): g.numRows = try r.readI64()
            case (5, .i64): g.fileOffset = try r.readI64()
            case (6, .i64): g.totalCompressedSize = try r.readI64()
            case (7, .i16): g.ordinal = try r.readI16()
            default: try r.skip(type)
            }
        }
        return g
    }
}

extension FileMetaData {
    public func encoded() -> [UInt8] {
        var w = CompactWriter()
        w.structBegin()
        w.field(1, i32: version)
        w.field(2, structList: schema) { w, e in e.encode(&w) }
        w.field(3, i64: numRows)
        w.field(4, structList: rowGroups) { w, g in g.encode(&w) }
        if let keyValueMetadata {
            w.field(5, structList: keyValueMetadata) { w, kv in
                w.field(1, string: kv.key)
                if let v = kv.value { w.field(2, string: v) }
            }
        }
        if let createdBy { w.field(6, string: createdBy) }
        if let columnOrders {
            w.field(7, structList: columnOrders) { w, typeDefined in
                if typeDefined { w.field(1) { _ in } }
            }
        }
        w.structEnd()
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> FileMetaData {
        var r = CompactReader(bytes)
        var m = FileMetaData(schema: [], numRows: 0, rowGroups: [])
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): m.version = try r.readI32()
            case (2, .list): m.schema = try r.readList { try SchemaElement.decode(&$0) }
            case (3, .i64): m.numRows = try r.readI64()
            case (4, .list): m.rowGroups = try r.readList { try RowGroup.decode(&$0) }
            case (5, .list): m.keyValueMetadata = try r.readList { try decodeKeyValue(&$0) }
            case (6, .binary): m.createdBy = try r.readString()
            case (7, .list):
                m.columnOrders = try r.readList { r in
                    var typeDefined = false
                    try r.readStruct { r, id, type in
                        if id == 1 { typeDefined = true }
                        try r.skip(type)
                    }
                    return typeDefined
                }
            default: try r.skip(type)
            }
        }
        guard !m.schema.isEmpty else { throw CompactReader.corrupt("footer has no schema") }
        return m
    }

    private static func decodeKeyValue(_ r: inout CompactReader) throws -> KeyValue {
        var kv = KeyValue(key: "", value: nil)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): kv.key = try r.readString()
            case (2, .binary): kv.value = try r.readString()
            default: try r.skip(type)
            }
        }
        return kv
    }
}

extension PageHeader {
    public func encoded() -> [UInt8] {
        var w = CompactWriter()
        w.structBegin()
        w.field(1, i32: type.rawValue)
        w.field(2, i32: uncompressedPageSize)
        w.field(3, i32: compressedPageSize)
        if let crc { w.field(4, i32: crc) }
        if let d = dataPageHeader {
            w.field(5) { w in
                w.field(1, i32: d.numValues)
                w.field(2, i32: d.encoding.rawValue)
                w.field(3, i32: d.definitionLevelEncoding.rawValue)
                w.field(4, i32: d.repetitionLevelEncoding.rawValue)
                if let s = d.statistics { w.field(5) { w in s.encode(&w) } }
            }
        }
        if let d = dictionaryPageHeader {
            w.field(7) { w in
                w.field(1, i32: d.numValues)
                w.field(2, i32: d.encoding.rawValue)
                if let sorted = d.isSorted { w.field(3, bool: sorted) }
            }
        }
        w.structEnd()
        return w.bytes
    }

    /// Decodes a page header starting at `r`'s position, leaving `r` just past it.
    public static func decode(_ r: inout CompactReader) throws -> PageHeader {
        var h = PageHeader(type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): h.type = try enumValue(&r, PageType.self, "page type")
            case (2, .i32): h.uncompressedPageSize = try r.readI32()
            case (3, .i32): h.compressedPageSize = try r.readI32()
            case (4, .i32): h.crc = try r.readI32()
            case (5, .structure): h.dataPageHeader = try decodeDataPage(&r)
            case (7, .structure): h.dictionaryPageHeader = try decodeDictionaryPage(&r)
            case (8, .structure): h.dataPageHeaderV2 = try decodeDataPageV2(&r)
            default: try r.skip(type)
            }
        }
        guard h.uncompressedPageSize >= 0, h.compressedPageSize >= 0 else {
            throw CompactReader.corrupt("negative page size")
        }
        return h
    }

    private static func decodeDataPage(_ r: inout CompactReader) throws -> DataPageHeader {
        var d = DataPageHeader(numValues: 0, encoding: .plain)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): d.numValues = try r.readI32()
            case (2, .i32): d.encoding = try enumValue(&r, Encoding.self, "encoding")
            case (3, .i32): d.definitionLevelEncoding = try enumValue(&r, Encoding.self, "encoding")
            case (4, .i32): d.repetitionLevelEncoding = try enumValue(&r, Encoding.self, "encoding")
            case (5, .structure): d.statistics = try Statistics.decode(&r)
            default: try r.skip(type)
            }
        }
        return d
    }

    private static func decodeDictionaryPage(_ r: inout CompactReader) throws -> DictionaryPageHeader {
        var d = DictionaryPageHeader(numValues: 0)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): d.numValues = try r.readI32()
            case (2, .i32): d.encoding = try enumValue(&r, Encoding.self, "encoding")
            case (3, .boolTrue), (3, .boolFalse): d.isSorted = try r.bool(type)
            default: try r.skip(type)
            }
        }
        return d
    }

    private static func decodeDataPageV2(_ r: inout CompactReader) throws -> DataPageHeaderV2 {
        var d = DataPageHeaderV2(
            numValues: 0, numNulls: 0, numRows: 0, encoding: .plain,
            definitionLevelsByteLength: 0, repetitionLevelsByteLength: 0)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): d.numValues = try r.readI32()
            case (2, .i32): d.numNulls = try r.readI32()
            case (3, .i32): d.numRows = try r.readI32()
            case (4, .i32): d.encoding = try enumValue(&r, Encoding.self, "encoding")
            case (5, .i32): d.definitionLevelsByteLength = try r.readI32()
            case (6, .i32): d.repetitionLevelsByteLength = try r.readI32()
            case (7, .boolTrue), (7, .boolFalse): d.isCompressed = try r.bool(type)
            case (8, .structure): d.statistics = try Statistics.decode(&r)
            default: try r.skip(type)
            }
        }
        return d
    }
}
