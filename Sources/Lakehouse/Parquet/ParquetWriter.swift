/// Writes flat lake rows to one Parquet file, holding them until a row group's worth of data
/// (by in-memory size) is there: memory stays bounded by `options.rowGroupSize` plus the
/// batch being written (see `RowGroupBuffer`).
///
/// ```swift
/// let writer = try ParquetWriter(path: "/data/x.parquet", schema: schema)
/// try writer.write(rows)
/// let summary = try writer.close()
/// ```
public final class ParquetWriter {
    public let schema: LakeSchema
    private let file: ParquetFileWriter
    private var buffer = RowGroupBuffer()
    private var bufferedBytes: Int64 = 0
    private var rowCount: Int64 = 0

    public init(path: String, schema: LakeSchema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        self.schema = schema
        self.file = try ParquetFileWriter(path: path, schema: schema.parquetSchema, options: options)
    }

    public func write(_ rows: ColumnarRows) throws {
        guard rows.schema == schema else {
            throw LakehouseError(.invalidArgument, "rows do not have the writer's schema")
        }
        let limit = file.options.rowGroupSize.rawValue
        let bytes = rows.estimatedBytes
        rowCount += Int64(rows.count)
        guard bufferedBytes + bytes >= limit, rows.count > 1 else {
            buffer.append(rows, 0..<rows.count)
            bufferedBytes += bytes
            if bufferedBytes >= limit { try flushRowGroup() }
            return
        }
        // Cut the rows where the row group fills up, so that it never holds much more.
        let perRow = max(1, bytes / Int64(rows.count))
        var start = 0
        while start < rows.count {
            let fits = Int(max(1, (limit - bufferedBytes + perRow - 1) / perRow))
            let end = min(rows.count, start + fits)
            buffer.append(rows, start..<end)
            bufferedBytes += perRow * Int64(end - start)
            if bufferedBytes >= limit { try flushRowGroup() }
            start = end
        }
    }

    private func flushRowGroup() throws {
        guard buffer.count > 0 else { return }
        // One column's leaf at a time, so only one column is ever copied out of the batches.
        try file.writeRowGroup(numRows: buffer.count) { i in buffer.leaf(i, nullable: schema.columns[i].nullable) }
        buffer.removeAll()
        bufferedBytes = 0
    }

    /// Flushes, writes the footer and publishes the file.
    public func close() throws -> ParquetFileSummary {
        try flushRowGroup()
        let size = try file.finish()
        return ParquetFileSummary(path: file.path, size: size, rowCount: rowCount, statistics: file.columnStatistics)
    }

    public func abandon() { file.abandon() }
}

public struct ParquetFileSummary: Hashable, Sendable {
    public var path: String
    public var size: Int64
    public var rowCount: Int64
    /// One per schema column, merged over row groups.
    public var statistics: [ColumnStatistics]
}

extension ColumnarRows {
    /// Approximate in-memory bytes, used to cut row groups and files by size.
    public var estimatedBytes: Int64 {
        var total: Int64 = 0
        for c in columns {
            switch c.values {
            case .boolean(let v): total += Int64(v.count)
            case .int32(let v): total += Int64(v.count * 4)
            case .int64(let v), .timestampMicros(let v): total += Int64(v.count * 8)
            case .double(let v): total += Int64(v.count * 8)
            case .string(let v): total += Int64(v.bytes.count + 4 * v.count)
            }
        }
        return total
    }
}
