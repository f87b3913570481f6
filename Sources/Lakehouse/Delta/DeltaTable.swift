import Foundation
import RivuletCore

/// How Rivulet writes Delta tables (the `lake:` section of rivulet.yml).
public struct DeltaTableConfiguration: Hashable, Sendable {
    public var compression: LakeCompression = .snappy
    /// A Parquet checkpoint is written after every this many commits.
    public var checkpointInterval: Int64 = 10
    public var parquet = ParquetWriterOptions()
    /// Conflicting commits are retried on the next version this many times.
    public var maxCommitAttempts = 100
    public init() {}
}

/// One Delta table on the local file system: reads snapshots, commits actions exclusively
/// and checkpoints. Any number of `DeltaTable` values (in any number of processes) may
/// commit to the same table; each commit lands on its own version or is retried.
public struct DeltaTable: Sendable {
    public let path: String
    public let log: DeltaLog
    public var configuration: DeltaTableConfiguration
    let clock: any WallClock

    public init(
        path: String, configuration: DeltaTableConfiguration = DeltaTableConfiguration(),
        clock: any WallClock = SystemWallClock()
    ) {
        self.path = path
        self.log = DeltaLog(tablePath: path)
        self.configuration = configuration
        self.clock = clock
    }

    public var exists: Bool { !log.listing().commits.isEmpty || !log.listing().checkpoints.isEmpty }

    public func snapshot(version: Int64? = nil) throws -> DeltaSnapshot {
        try DeltaSnapshot.load(log, version: version)
    }

    /// Creates the table (version 0: protocol 1/2, metaData, commitInfo) unless it exists;
    /// a table created concurrently by someone else is fine if its schema matches.
    @discardableResult
    public func create(schema: LakeSchema, partitionColumns: [String], name: String? = nil) throws -> DeltaSnapshot {
        for p in partitionColumns where schema.index(of: p) == nil {
            throw LakehouseError(.invalidArgument, "partition column \(p) is not in the schema")
        }
        if !exists {
            var metadata = DeltaMetadata(
                id: UUID().uuidString.lowercased(), schemaString: schema.deltaSchemaString,
                partitionColumns: partitionColumns,
                createdTime: clock.wallTime().milliseconds)
            metadata.name = name
            var info = DeltaCommitInfo(timestamp: clock.wallTime().milliseconds, operation: "CREATE TABLE")
            info.operationParameters = ["partitionBy": DeltaAction.jsonText(partitionColumns), "mode": "ErrorIfExists"]
            info.engineInfo = "Rivulet"
            _ = try log.tryCommit(0, [.commitInfo(info), .protocol(DeltaProtocol()), .metaData(metadata)])
        }
        let snap = try snapshot()
        guard snap.schema == schema || snap.schema.columns.map(\.name) == schema.columns.map(\.name) else {
            throw LakehouseError(.invalidArgument, "table \(path) exists with another schema")
        }
        return snap
    }

    /// What a commit attempt should do after a conflict: retry on top of the new snapshot,
    /// or stop because the work is already there.
    public enum Rebase: Sendable {
        case retry([DeltaAction])
        case skip
    }

    /// Commits `actions` on the next version, re-reading and calling `rebase` whenever
    /// another writer took that version first. Returns the committed version, or nil if
    /// `rebase` skipped. Checkpoints every `checkpointInterval` versions.
    public func commit(
        _ actions: [DeltaAction], operation: String, parameters: [String: String] = [:], from base: DeltaSnapshot,
        rebase: (DeltaSnapshot, [DeltaAction]) throws -> Rebase = { _, a in .retry(a) }
    ) throws -> Int64? {
        var snap = base
        var pending = actions
        for _ in 0..<configuration.maxCommitAttempts {
            let version = snap.version + 1
            var info = DeltaCommitInfo(timestamp: clock.wallTime().milliseconds, operation: operation)
            info.operationParameters = parameters
            info.readVersion = snap.version
            info.isBlindAppend =
                operation == "WRITE" && !pending.contains { if case .remove = $0 { return true } else { return false } }
            info.engineInfo = "Rivulet"
            info.operationMetrics = Self.metrics(pending)
            if try log.tryCommit(version, [.commitInfo(info)] + pending) {
                try checkpointIfDue(version)
                return version
            }
            snap = try snapshot()
            switch try rebase(snap, pending) {
            case .skip: return nil
            case .retry(let again): pending = again
            }
        }
        throw LakehouseError(
            .commitConflict,
            "gave up committing to \(path) after \(configuration.maxCommitAttempts) conflicting attempts; retry later")
    }

    static func metrics(_ actions: [DeltaAction]) -> [String: Int64] {
        var files: Int64 = 0
        var removed: Int64 = 0
        var bytes: Int64 = 0
        for a in actions {
            switch a {
            case .add(let f):
                files += 1
                bytes += f.size
            case .remove: removed += 1
            default: break
            }
        }
        return ["numFiles": files, "numOutputBytes": bytes, "numRemovedFiles": removed]
    }

    func checkpointIfDue(_ version: Int64) throws {
        let interval = configuration.checkpointInterval
        guard interval > 0, version > 0, version % interval == 0 else { return }
        try checkpoint(at: version)
    }

    /// Writes a checkpoint for `version` (the latest if nil).
    public func checkpoint(at version: Int64? = nil) throws {
        try DeltaCheckpoint.write(log, try snapshot(version: version))
    }

    /// The absolute path of a file named in the log (relative and URI-encoded there).
    public func absolutePath(_ logPath: String) -> String {
        let decoded = logPath.removingPercentEncoding ?? logPath
        if decoded.hasPrefix("file://") { return String(decoded.dropFirst(7)) }
        return decoded.hasPrefix("/") ? decoded : "\(path)/\(decoded)"
    }

    /// Every row of the snapshot, with partition columns rebuilt from the log.
    public func readRows(_ snapshot: DeltaSnapshot? = nil) throws -> ColumnarRows {
        let snap = try snapshot ?? self.snapshot()
        try snap.checkReadable()
        var out = ColumnarRows.empty(snap.schema)
        for add in snap.files.values.sorted(by: { $0.path < $1.path }) {
            try out.append(try readFile(add, snap))
        }
        return out
    }

    func readFile(_ add: AddFile, _ snap: DeltaSnapshot) throws -> ColumnarRows {
        let file = try ParquetFile(path: absolutePath(add.path))
        let data = try file.readRows()
        let count = data.count
        var columns: [ColumnData] = []
        for c in snap.schema.columns {
            if snap.partitionColumns.contains(c.name) {
                let value = add.partitionValues[c.name] ?? nil
                columns.append(try DeltaPartitionValue.column(c.type, value, count: count))
            } else if let d = data.column(c.name) {
                guard d.values.type == c.type else {
                    throw LakehouseError(
                        .corruptFile, "\(add.path): column \(c.name) is \(d.values.type), the table says \(c.type)")
                }
                columns.append(d)
            } else {
                // A column added to the schema after this file was written reads as null.
                columns.append(try DeltaPartitionValue.column(c.type, nil, count: count))
            }
        }
        return try ColumnarRows(schema: snap.schema.relaxed, columns: columns).with(schema: snap.schema)
    }
}

extension LakeSchema {
    /// Every column nullable (for assembling rows before the final check).
    var relaxed: LakeSchema { LakeSchema(columns.map { LakeColumn($0.name, $0.type, nullable: true) }) }
}

extension ColumnarRows {
    func with(schema: LakeSchema) throws -> ColumnarRows { try ColumnarRows(schema: schema, columns: columns) }
}
