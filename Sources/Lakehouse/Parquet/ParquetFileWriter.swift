/// Writes one Parquet file: `PAR1`, row groups of column chunks, the Thrift footer, its
/// length and `PAR1` again. The file is built under a temporary name and only renamed to
/// its final path by `finish()`, after an fsync, so a reader never sees a partial file.
///
/// Owned by one caller at a time (not thread-safe); memory is one row group's encoded chunks.
public final class ParquetFileWriter {
    public let path: String
    public let schema: ParquetSchema
    public let options: ParquetWriterOptions
    private let file: WritableFile
    private var rowGroups: [RowGroup] = []
    private var numRows: Int64 = 0
    private var finished = false
    public private(set) var columnStatistics: [ColumnStatistics]

    public init(path: String, schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        self.path = path
        self.schema = schema
        self.options = options
        self.columnStatistics = Array(repeating: ColumnStatistics(), count: schema.columns.count)
        let temp = "\(FileIO.directory(of: path))/.\(FileIO.baseName(of: path)).\(FileIO.randomSuffix()).tmp"
        file = try WritableFile(creating: temp)
        try file.write(Array("PAR1".utf8))
    }

    /// Writes one row group; `leaves` has one entry per leaf column, in schema order.
    public func writeRowGroup(_ leaves: [LeafColumn], numRows rows: Int) throws {
        guard leaves.count == schema.columns.count else {
            throw LakehouseError(
                .invalidArgument, "row group has \(leaves.count) columns, schema \(schema.columns.count)")
        }
        try validate(leaves, rows)
        try writeRowGroup(numRows: rows) { leaves[$0] }
    }

    /// Writes one row group whose leaf `i` (in schema order) `leaf(i)` makes when its turn
    /// comes, so that only one leaf need be in memory. The leaves are not validated: callers
    /// make them from rows that are valid by construction (`ColumnarRows` checks its columns).
    func writeRowGroup(numRows rows: Int, _ leaf: (Int) throws -> LeafColumn) throws {
        guard rows > 0 else { return }
        let start = file.offset
        var chunks: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        for i in schema.columns.indices {
            let leaf = try leaf(i)
            let writer = ColumnWriter(descriptor: schema.columns[i], options: options)
            let encoded = try writer.encode(leaf, at: file.offset)
            let chunkStart = file.offset
            try file.write(encoded.bytes)
            chunks.append(ColumnChunk(fileOffset: chunkStart, metaData: encoded.metaData))
            uncompressed += encoded.uncompressedSize
            columnStatistics[i].merge(encoded.statistics)
        }
        var group = RowGroup(columns: chunks, totalByteSize: uncompressed, numRows: Int64(rows))
        group.fileOffset = start
        group.totalCompressedSize = file.offset - start
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        rowGroups.append(group)
        numRows += Int64(rows)
    }

    private func validate(_ leaves: [LeafColumn], _ rows: Int) throws {
        for (leaf, column) in zip(leaves, schema.columns) {
            let name = column.path.joined(separator: ".")
            if column.maxDefinitionLevel > 0 {
                guard let defs = leaf.definitionLevels, defs.count == leaf.count else {
                    throw LakehouseError(.invalidArgument, "column \(name) needs one definition level per value")
                }
                guard defs.allSatisfy({ Int($0) <= column.maxDefinitionLevel }) else {
                    throw LakehouseError(.invalidArgument, "column \(name) has a definition level over its maximum")
                }
            }
            if column.maxRepetitionLevel > 0 {
                guard let reps = leaf.repetitionLevels, reps.count == leaf.count else {
                    throw LakehouseError(.invalidArgument, "column \(name) needs one repetition level per value")
                }
                guard reps.reduce(0, { $0 + ($1 == 0 ? 1 : 0) }) == rows else {
                    throw LakehouseError(.invalidArgument, "column \(name) does not hold \(rows) rows")
                }
            } else if leaf.count != rows {
                throw LakehouseError(.invalidArgument, "column \(name) has \(leaf.count) values for \(rows) rows")
            }
        }
    }

    /// Writes the footer, fsyncs, renames into place; returns the file's size in bytes.
    @discardableResult
    public func finish(keyValueMetadata: [KeyValue]? = nil) throws -> Int64 {
        guard !finished else { throw LakehouseError(.invalidArgument, "\(path) is already finished") }
        finished = true
        var meta = FileMetaData(schema: schema.schemaElements(), numRows: numRows, rowGroups: rowGroups)
        meta.createdBy = options.createdBy
        meta.keyValueMetadata = keyValueMetadata
        meta.columnOrders = Array(repeating: true, count: schema.columns.count)
        let footer = meta.encoded()
        var tail = footer
        let n = UInt32(footer.count)
        for i in 0..<4 { tail.append(UInt8(truncatingIfNeeded: n >> UInt32(8 * i))) }
        tail.append(contentsOf: Array("PAR1".utf8))
        do {
            try file.write(tail)
            try file.sync()
            try file.close()
            try FileIO.publish(file.path, as: path)
        } catch {
            try? FileIO.remove(file.path)
            throw error
        }
        return file.offset
    }

    /// Drops the temporary file without publishing anything.
    public func abandon() {
        guard !finished else { return }
        finished = true
        try? file.close()
        try? FileIO.remove(file.path)
    }

    deinit { abandon() }
}
