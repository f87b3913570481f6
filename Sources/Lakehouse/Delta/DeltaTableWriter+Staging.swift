/// A two-phase append for transactional sinks: `stage` writes the data files (invisible to
/// readers, since no log entry names them), `commit(staged:txn:)` makes them visible in one
/// commit carrying the `txn`. Between the two the caller records the returned adds durably
/// (the engine's sink keeps a staging manifest), so a commit after a restart knows the files.
extension DeltaTableWriter {
    /// Creates the table if needed (with `schema` and `partitionBy`) and writes `rows` as one
    /// file per partition value; returns their add actions, not yet committed.
    public func stage(_ rows: ColumnarRows, partitionBy: [String] = []) throws -> [AddFile] {
        let snap = try openForAppend(rows.schema, partitionBy: partitionBy)
        return try writeFiles(rows, partitionColumns: snap.partitionColumns)
    }

    /// Writes one file per partition of rows with the table's full schema (as
    /// `PartitionedRowBuffer.takeAll` returns them); returns their add actions, not yet committed.
    public func stage(_ partitions: [PartitionRows], schema: LakeSchema, partitionBy: [String]) throws -> [AddFile] {
        let snap = try openForAppend(schema, partitionBy: partitionBy)
        let columns = snap.partitionColumns
        let split = partitionBy == columns ? partitions : try partitions.flatMap { try $0.rows.partitioned(by: columns) }
        return try writeFiles(split, partitionColumns: columns)
    }

    /// Commits staged files with `txn`. Returns the new version, or nil when the table already
    /// holds this txn version or a later one. Staged files are never deleted here: on a retry
    /// after a crash they may be exactly the files the earlier commit referenced.
    @discardableResult
    public func commit(staged files: [AddFile], txn: DeltaTxn) throws -> Int64? {
        let snap = try table.snapshot()
        try snap.checkWritable()
        if let done = snap.transactionVersion(appId: txn.appId), done >= txn.version { return nil }
        var txn = txn
        txn.lastUpdated = txn.lastUpdated ?? table.clock.wallTime().milliseconds
        let actions: [DeltaAction] = [.txn(txn)] + files.map { .add($0) }
        return try table.commit(
            actions, operation: "WRITE",
            parameters: ["mode": "Append", "partitionBy": DeltaAction.jsonText(snap.partitionColumns)], from: snap
        ) { newer, pending in
            if let done = newer.transactionVersion(appId: txn.appId), done >= txn.version { return .skip }
            try newer.checkWritable()
            return .retry(pending)
        }
    }

    /// The table's snapshot, created with `schema` if absent; checks that rows of `schema`
    /// partitioned by `partitionBy` may be appended.
    func openForAppend(_ schema: LakeSchema, partitionBy: [String]) throws -> DeltaSnapshot {
        let snap = table.exists ? try table.snapshot() : try table.create(schema: schema, partitionColumns: partitionBy)
        try snap.checkWritable()
        guard partitionBy.isEmpty || partitionBy == snap.partitionColumns else {
            throw LakehouseError(
                .invalidArgument, "table \(table.path) is partitioned by \(snap.partitionColumns), not \(partitionBy)")
        }
        guard schema.columns.map(\.name) == snap.schema.columns.map(\.name),
            schema.columns.map(\.type) == snap.schema.columns.map(\.type)
        else { throw LakehouseError(.invalidArgument, "rows do not have the schema of table \(table.path)") }
        return snap
    }
}
