import Foundation

/// A plain (non-Delta) Parquet dataset with Hive-style partition directories, as seed 000
/// (`device_id=…`) and seed 002 (`dt=YYYY-MM-DD`) lay them out. Each `write` adds one file
/// per partition present in the rows; partition columns live only in directory names, as
/// `read_parquet(…, hive_partitioning=true)` expects.
public struct ParquetDatasetWriter: Sendable {
    public let root: String
    public let partitionBy: [String]
    public var options: ParquetWriterOptions

    public init(root: String, partitionBy: [String] = [], options: ParquetWriterOptions = ParquetWriterOptions()) {
        self.root = root
        self.partitionBy = partitionBy
        self.options = options
    }

    /// Writes the rows; returns the new files' paths relative to `root`.
    @discardableResult
    public func write(_ rows: ColumnarRows) throws -> [String] {
        try write(rows.partitioned(by: partitionBy))
    }

    /// Writes one file per partition (split by `partitionBy`, partition columns included, as
    /// `PartitionedRowBuffer.take` returns them); returns the paths relative to `root`.
    @discardableResult
    public func write(_ partitions: [PartitionRows]) throws -> [String] {
        var written: [String] = []
        for partition in partitions {
            let name = "part-\(UUID().uuidString.lowercased())\(options.compression.fileNameInfix).parquet"
            let relative = (partition.directory(partitionBy) + [name]).joined(separator: "/")
            let absolute = "\(root)/\(relative)"
            try FileIO.createDirectories(FileIO.directory(of: absolute))
            let part = partition.rows.dropping(Set(partitionBy))
            let writer = try ParquetWriter(path: absolute, schema: part.schema, options: options)
            try writer.write(part)
            _ = try writer.close()
            written.append(relative)
        }
        return written
    }
}

extension ColumnarRows {
    /// These rows plus a `dt` (YYYY-MM-DD, UTC) string column derived from a timestamp column,
    /// for daily partitions.
    public func addingDateColumn(from timestampColumn: String, named name: String = "dt") throws -> ColumnarRows {
        guard let source = column(timestampColumn), case .timestampMicros(let ts) = source.values else {
            throw LakehouseError(.invalidArgument, "\(timestampColumn) is not a timestamp column")
        }
        let dates = ts.enumerated().map { source.isNull($0.offset) ? "" : DeltaTime.date(micros: $0.element) }
        return try ColumnarRows(
            schema: LakeSchema(schema.columns + [LakeColumn(name, .string, nullable: source.validity != nil)]),
            columns: columns + [ColumnData(.string(dates), validity: source.validity)])
    }
}
