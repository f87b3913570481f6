import Foundation

/// Appends rows to a Delta table: one Parquet file per partition and one commit per call.
///
/// ```swift
/// let writer = DeltaTableWriter(table: DeltaTable(path: "data/lake/iot_window_agg"))
/// try writer.append(rows, partitionBy: ["device_id"], txn: DeltaTxn(appId: "iot-aggregates", version: epoch))
/// ```
/// With a `txn`, a call whose (appId, version) the table already holds commits nothing, so
/// replaying an epoch after a crash neither loses nor duplicates rows (DESIGN §6).
public struct DeltaTableWriter: Sendable {
    public let table: DeltaTable

    public init(table: DeltaTable) { self.table = table }

    public struct AppendResult: Hashable, Sendable {
        /// The committed version, or nil when the txn was already committed.
        public var version: Int64?
        public var files: [AddFile]
        public var skipped: Bool { version == nil }
    }

    @discardableResult
    public func append(_ rows: ColumnarRows, partitionBy: [String] = [], txn: DeltaTxn? = nil) throws -> AppendResult {
        let snap =
            table.exists ? try table.snapshot() : try table.create(schema: rows.schema, partitionColumns: partitionBy)
        try snap.checkWritable()
        guard partitionBy.isEmpty || partitionBy == snap.partitionColumns else {
            throw LakehouseError(
                .invalidArgument, "table \(table.path) is partitioned by \(snap.partitionColumns), not \(partitionBy)")
        }
        guard rows.schema.columns.map(\.name) == snap.schema.columns.map(\.name),
            rows.schema.columns.map(\.type) == snap.schema.columns.map(\.type)
        else { throw LakehouseError(.invalidArgument, "rows do not have the schema of table \(table.path)") }
        if let txn, let done = snap.transactionVersion(appId: txn.appId), done >= txn.version {
            return AppendResult(version: nil, files: [])
        }
        let files = try writeFiles(rows, partitionColumns: snap.partitionColumns)
        var actions: [DeltaAction] = []
        if var txn {
            txn.lastUpdated = txn.lastUpdated ?? table.clock.wallTime().milliseconds
            actions.append(.txn(txn))
        }
        actions += files.map { .add($0) }
        let version = try table.commit(
            actions, operation: "WRITE",
            parameters: ["mode": "Append", "partitionBy": DeltaAction.jsonText(snap.partitionColumns)],
            from: snap
        ) { newer, pending in
            if let txn, let done = newer.transactionVersion(appId: txn.appId), done >= txn.version { return .skip }
            try newer.checkWritable()
            return .retry(pending)
        }
        if version == nil {
            for f in files { try? FileIO.remove(table.absolutePath(f.path)) }
            return AppendResult(version: nil, files: [])
        }
        return AppendResult(version: version, files: files)
    }

    /// Writes the rows as one file per distinct partition; returns their add actions.
    func writeFiles(_ rows: ColumnarRows, partitionColumns: [String], dataChange: Bool = true) throws -> [AddFile] {
        try writeFiles(rows.partitioned(by: partitionColumns), partitionColumns: partitionColumns, dataChange: dataChange)
    }

    /// Writes one file per partition; returns their add actions.
    func writeFiles(_ partitions: [PartitionRows], partitionColumns: [String], dataChange: Bool = true) throws
        -> [AddFile]
    {
        try partitions.filter { $0.rows.count > 0 }.map { p in
            try writeFile(
                p.rows.dropping(Set(partitionColumns)), partition: Array(zip(partitionColumns, p.values)),
                dataChange: dataChange)
        }
    }

    func writeFile(_ rows: ColumnarRows, partition: [(String, String?)], dataChange: Bool) throws -> AddFile {
        let directory = PartitionRows(values: partition.map(\.1), rows: rows).directory(partition.map(\.0))
        let name =
            "part-00000-\(UUID().uuidString.lowercased()).c000\(table.configuration.compression.fileNameInfix).parquet"
        let relative = (directory + [name]).joined(separator: "/")
        let absolute = "\(table.path)/\(relative)"
        try FileIO.createDirectories(FileIO.directory(of: absolute))
        var options = table.configuration.parquet
        options.compression = table.configuration.compression
        let writer = try ParquetWriter(path: absolute, schema: rows.schema, options: options)
        try writer.write(rows)
        let summary = try writer.close()
        var values: [String: String?] = [:]
        for (k, v) in partition { values[k] = .some(v) }
        return AddFile(
            // The log holds URIs: the directory's own %-escapes are escaped once more.
            path: relative.replacingOccurrences(of: "%", with: "%25"), partitionValues: values, size: summary.size,
            modificationTime: FileIO.modificationTime(absolute) ?? table.clock.wallTime().milliseconds,
            dataChange: dataChange,
            stats: DeltaStats.json(schema: rows.schema, rows: summary.rowCount, statistics: summary.statistics))
    }
}
