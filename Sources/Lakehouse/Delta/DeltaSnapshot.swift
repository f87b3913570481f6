/// The state of a table at one version: protocol, metadata, live files, tombstones and the
/// latest `txn` version per application, rebuilt from the newest checkpoint at or before that
/// version plus the JSON commits after it (PROTOCOL.md "Action Reconciliation").
public struct DeltaSnapshot: Sendable {
    public var version: Int64
    public var deltaProtocol: DeltaProtocol
    public var metadata: DeltaMetadata
    public var schema: LakeSchema
    /// Live files by path.
    public var files: [String: AddFile]
    public var tombstones: [String: RemoveFile]
    public var transactions: [String: DeltaTxn]
    /// The checkpoint the replay started from, if any.
    public var checkpointVersion: Int64?

    /// Reader features Rivulet can read tables with; anything else is refused by name.
    static let supportedReaderFeatures: Set<String> = ["timestampNtz", "vacuumProtocolCheck"]
    /// Writer features Rivulet honours when it appends.
    static let supportedWriterFeatures: Set<String> = ["appendOnly", "timestampNtz", "vacuumProtocolCheck"]

    public var partitionColumns: [String] { metadata.partitionColumns }

    public func transactionVersion(appId: String) -> Int64? { transactions[appId]?.version }

    /// Loads the latest snapshot, or the one at `version`.
    public static func load(_ log: DeltaLog, version target: Int64? = nil) throws -> DeltaSnapshot {
        let listing = log.listing()
        guard let latest = listing.commits.last ?? listing.checkpoints.last else {
            throw LakehouseError(.invalidArgument, "\(log.tablePath) is not a Delta table (no _delta_log commits)")
        }
        let version = target ?? latest
        var state = ReplayState()
        var start: Int64 = 0
        let hint = log.readLastCheckpoint().map(\.version)
        let candidates = (listing.checkpoints + (hint.map { [$0] } ?? [])).filter { $0 <= version }.sorted(by: >)
        for cp in candidates {
            // A checkpoint that is missing or does not parse is skipped for an older one.
            if let actions = try? DeltaCheckpoint.read(log, version: cp) {
                for a in actions { state.apply(a) }
                state.checkpointVersion = cp
                start = cp + 1
                break
            }
        }
        if start <= version {
            for v in start...version {
                guard listing.commits.contains(v) || FileIO.fileSize("\(log.logPath)/\(DeltaLog.commitName(v))") != nil
                else {
                    throw LakehouseError(.corruptFile, "\(log.tablePath): commit \(v) is missing from the log")
                }
                for a in try log.readCommit(v) { state.apply(a) }
            }
        }
        return try state.snapshot(version: version, table: log.tablePath)
    }

    /// Throws `unsupportedFeature` naming every reader feature Rivulet cannot honour.
    public func checkReadable() throws {
        let p = deltaProtocol
        if p.minReaderVersion > 3 {
            throw LakehouseError(
                .unsupportedFeature, "table needs Delta reader version \(p.minReaderVersion); Rivulet reads up to 3")
        }
        let mode = metadata.configuration["delta.columnMapping.mode"] ?? "none"
        if mode != "none" || (p.minReaderVersion == 2) {
            throw LakehouseError(
                .unsupportedFeature,
                "table uses the Delta feature columnMapping (mode \(mode)), which Rivulet cannot read")
        }
        let unsupported = (p.readerFeatures ?? []).filter { !Self.supportedReaderFeatures.contains($0) }
        if !unsupported.isEmpty {
            throw LakehouseError(
                .unsupportedFeature,
                "table uses the Delta reader features \(unsupported.joined(separator: ", ")), which Rivulet cannot read"
            )
        }
        if files.values.contains(where: \.hasDeletionVector) {
            throw LakehouseError(.unsupportedFeature, "table has files with deletionVectors, which Rivulet cannot read")
        }
    }

    public func checkWritable() throws {
        try checkReadable()
        let p = deltaProtocol
        if p.minWriterVersion > 2 && p.minWriterVersion < 7 {
            throw LakehouseError(
                .unsupportedFeature,
                "table needs Delta writer version \(p.minWriterVersion) (constraints, generated columns or change data feed); Rivulet writes up to 2"
            )
        }
        for f in p.writerFeatures ?? [] where !Self.supportedWriterFeatures.contains(f) {
            throw LakehouseError(
                .unsupportedFeature, "table uses the Delta writer feature \(f), which Rivulet cannot write")
        }
        if metadata.configuration["delta.appendOnly"] == "true" { return }
    }
}

struct ReplayState {
    var deltaProtocol: DeltaProtocol?
    var metadata: DeltaMetadata?
    var files: [String: AddFile] = [:]
    var tombstones: [String: RemoveFile] = [:]
    var transactions: [String: DeltaTxn] = [:]
    var checkpointVersion: Int64?

    mutating func apply(_ action: DeltaAction) {
        switch action {
        case .protocol(let p): deltaProtocol = p
        case .metaData(let m): metadata = m
        case .add(let a):
            files[a.path] = a
            tombstones[a.path] = nil
        case .remove(let r):
            files[r.path] = nil
            tombstones[r.path] = r
        case .txn(let t): transactions[t.appId] = t
        case .commitInfo, .other: break
        }
    }

    func snapshot(version: Int64, table: String) throws -> DeltaSnapshot {
        guard let p = deltaProtocol, let m = metadata else {
            throw LakehouseError(
                .corruptFile, "\(table): the log has no protocol or metaData action up to version \(version)")
        }
        let schema = try LakeSchema(deltaSchemaString: m.schemaString)
        return DeltaSnapshot(
            version: version, deltaProtocol: p, metadata: m, schema: schema, files: files, tombstones: tombstones,
            transactions: transactions, checkpointVersion: checkpointVersion)
    }
}
