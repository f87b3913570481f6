/// Reads Parquet files written by Rivulet or by common writers (pyarrow, arrow-rs, Spark) for
/// the features the lake uses: PLAIN, dictionary and RLE-boolean values, v1 and v2 data
/// pages, RLE definition and repetition levels, and the SNAPPY, GZIP and UNCOMPRESSED codecs.
///
/// The whole file is held in memory; every offset and length in it is checked against the
/// file size before use, so a corrupt or truncated file throws `corruptFile` and never traps.
public struct ParquetFile: Sendable {
    public let metadata: FileMetaData
    public let schema: ParquetSchema
    let bytes: [UInt8]

    /// Files larger than this are refused rather than read into memory.
    public static let maxFileSize = 1 << 32
    static let maxPageSize = 1 << 30

    public init(path: String) throws {
        let bytes = try FileIO.readAll(path, limit: Self.maxFileSize)
        do {
            try self.init(bytes: bytes)
        } catch var e as LakehouseError {
            e.message = "\(path): \(e.message)"
            throw e
        }
    }

    public init(bytes: [UInt8]) throws {
        self.bytes = bytes
        self.metadata = try Self.footer(bytes)
        self.schema = try ParquetSchema(elements: metadata.schema)
        for group in metadata.rowGroups where group.columns.count != schema.columns.count {
            throw LakehouseError(
                .corruptFile, "a row group has \(group.columns.count) columns, the schema \(schema.columns.count)")
        }
    }

    static func footer(_ bytes: [UInt8]) throws -> FileMetaData {
        let magic = Array("PAR1".utf8)
        guard bytes.count >= 12, Array(bytes[0..<4]) == magic, Array(bytes[(bytes.count - 4)...]) == magic else {
            throw LakehouseError(.corruptFile, "not a Parquet file (missing PAR1 magic or truncated)")
        }
        let n = bytes.count - 8
        let length = Int(bytes[n]) | Int(bytes[n + 1]) << 8 | Int(bytes[n + 2]) << 16 | Int(bytes[n + 3]) << 24
        guard length > 0, length <= bytes.count - 12 else {
            throw LakehouseError(.corruptFile, "footer length \(length) does not fit the file")
        }
        return try FileMetaData.decode(Array(bytes[(n - length)..<n]))
    }

    public var numRows: Int64 { metadata.numRows }

    /// One leaf column of one row group: dense values (placeholders at nulls) and levels.
    public func readLeaf(rowGroup: Int, column: Int) throws -> LeafColumn {
        guard metadata.rowGroups.indices.contains(rowGroup), schema.columns.indices.contains(column) else {
            throw LakehouseError(.invalidArgument, "no row group \(rowGroup) column \(column)")
        }
        let chunk = metadata.rowGroups[rowGroup].columns[column]
        guard let meta = chunk.metaData else { throw LakehouseError(.corruptFile, "column chunk has no metadata") }
        var reader = ColumnChunkReader(descriptor: schema.columns[column], meta: meta, bytes: bytes)
        return try reader.read()
    }

    /// One leaf column over all row groups.
    public func readLeaf(column: Int) throws -> LeafColumn {
        var parts: [LeafColumn] = []
        for g in metadata.rowGroups.indices { parts.append(try readLeaf(rowGroup: g, column: column)) }
        return try LeafColumn.concatenate(parts, descriptor: schema.columns[column])
    }

    /// The file as flat lake rows (every top-level field a primitive).
    public func readRows() throws -> ColumnarRows {
        let lakeSchema = try LakeSchema(parquet: schema)
        var columns: [ColumnData] = []
        for (i, c) in lakeSchema.columns.enumerated() {
            columns.append(
                try readLeaf(column: i).columnData(c.type, nullable: schema.columns[i].maxDefinitionLevel > 0))
        }
        return try ColumnarRows(schema: lakeSchema, columns: columns)
    }

    /// The footer's statistics for a column, merged over row groups (nil if any lacks them).
    public func statistics(column: Int) -> ColumnStatistics? {
        var merged = ColumnStatistics()
        for group in metadata.rowGroups {
            guard column < group.columns.count, let meta = group.columns[column].metaData,
                let s = meta.statistics
            else { return nil }
            var one = ColumnStatistics(nullCount: s.nullCount ?? 0)
            one.min = (s.minValue ?? s.min).flatMap { StatValue.decode($0, meta.type) }
            one.max = (s.maxValue ?? s.max).flatMap { StatValue.decode($0, meta.type) }
            merged.merge(one)
        }
        return merged
    }
}

extension LeafColumn {
    static func concatenate(_ parts: [LeafColumn], descriptor: ParquetColumnDescriptor) throws -> LeafColumn {
        guard var out = parts.first else {
            return LeafColumn(
                values: LeafValues.empty(descriptor.physicalType),
                definitionLevels: descriptor.maxDefinitionLevel > 0 ? [] : nil,
                repetitionLevels: descriptor.maxRepetitionLevel > 0 ? [] : nil)
        }
        for p in parts.dropFirst() {
            try out.values.append(p.values)
            if let d = p.definitionLevels { out.definitionLevels?.append(contentsOf: d) }
            if let r = p.repetitionLevels { out.repetitionLevels?.append(contentsOf: r) }
        }
        return out
    }

    /// A flat leaf as a lake column.
    func columnData(_ type: LakeType, nullable: Bool) throws -> ColumnData {
        // No nulls reads as no validity array, as writers build rows.
        var validity = nullable ? definitionLevels.map { $0.map { $0 > 0 } } : nil
        if validity?.allSatisfy({ $0 }) == true { validity = nil }
        let values: ColumnValues
        switch (type, self.values) {
        case (.int32, .int32(let v)): values = .int32(v)
        case (.int64, .int64(let v)): values = .int64(v)
        case (.timestampMicros, .int64(let v)): values = .timestampMicros(v)
        case (.double, .double(let v)): values = .double(v)
        case (.boolean, .boolean(let v)): values = .boolean(v)
        case (.string, .byteArray(let v)): values = .string(v)
        default: throw LakehouseError(.corruptFile, "column values do not match the schema type \(type)")
        }
        return ColumnData(values, validity: validity)
    }
}

extension LeafValues {
    static func empty(_ type: PhysicalType) -> LeafValues {
        switch type {
        case .boolean: return .boolean([])
        case .int32: return .int32([])
        case .double, .float: return .double([])
        case .byteArray, .fixedLenByteArray: return .byteArray(StringColumn())
        default: return .int64([])
        }
    }

    mutating func append(_ other: LeafValues) throws {
        switch (self, other) {
        case (.boolean(var a), .boolean(let b)):
            a += b
            self = .boolean(a)
        case (.int32(var a), .int32(let b)):
            a += b
            self = .int32(a)
        case (.int64(var a), .int64(let b)):
            a += b
            self = .int64(a)
        case (.double(var a), .double(let b)):
            a += b
            self = .double(a)
        case (.byteArray(var a), .byteArray(let b)):
            self = .boolean([])
            a.append(contentsOf: b)
            self = .byteArray(a)
        default: throw LakehouseError(.corruptFile, "pages of one column decode to different types")
        }
    }

    /// Spreads compact values over `present` slots, filling the others with placeholders.
    func expanded(_ present: [Bool]) -> LeafValues {
        func spread<T>(_ v: [T], _ zero: T) -> [T] {
            var out: [T] = []
            out.reserveCapacity(present.count)
            var i = 0
            for p in present {
                if p && i < v.count {
                    out.append(v[i])
                    i += 1
                } else {
                    out.append(zero)
                }
            }
            return out
        }
        switch self {
        case .boolean(let v): return .boolean(spread(v, false))
        case .int32(let v): return .int32(spread(v, 0))
        case .int64(let v): return .int64(spread(v, 0))
        case .double(let v): return .double(spread(v, 0))
        case .byteArray(let v):
            var out = StringColumn()
            out.reserveCapacity(values: present.count, bytes: v.bytes.count)
            var i = 0
            for p in present {
                if p && i < v.count {
                    out.append(from: v, at: i)
                    i += 1
                } else {
                    out.append("")
                }
            }
            return .byteArray(out)
        }
    }
}
