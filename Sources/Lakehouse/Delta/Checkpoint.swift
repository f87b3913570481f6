/// Classic single-file Parquet checkpoints (PROTOCOL.md "Checkpoints", V1 spec): one row per
/// action, each action a nullable struct column, with maps and lists in the standard
/// three-level layouts. Written like every data file (temporary name, fsync, rename) and
/// then pointed to by `_last_checkpoint`.
enum DeltaCheckpoint {
    typealias F = ParquetValue.Field

    static let schema = ParquetSchema([
        .group("txn", .optional, [.string("appId"), .int64("version"), .int64("lastUpdated")]),
        .group(
            "add", .optional,
            [
                .string("path"), .stringMap("partitionValues"), .int64("size"), .int64("modificationTime"),
                .boolean("dataChange"), .string("stats"), .stringMap("tags"),
            ]),
        .group(
            "remove", .optional,
            [
                .string("path"), .int64("deletionTimestamp"), .boolean("dataChange"), .boolean("extendedFileMetadata"),
                .stringMap("partitionValues"), .int64("size"),
            ]),
        .group(
            "metaData", .optional,
            [
                .string("id"), .string("name"), .string("description"),
                .group("format", .optional, [.string("provider"), .stringMap("options")]),
                .string("schemaString"), .stringList("partitionColumns"), .stringMap("configuration"),
                .int64("createdTime"),
            ]),
        .group(
            "protocol", .optional,
            [
                .int32("minReaderVersion"), .int32("minWriterVersion"), .stringList("readerFeatures"),
                .stringList("writerFeatures"),
            ]),
    ])

    static func path(_ log: DeltaLog, _ version: Int64) -> String {
        "\(log.logPath)/\(DeltaLog.checkpointName(version))"
    }

    /// Writes the checkpoint for `snapshot` and updates `_last_checkpoint`.
    static func write(_ log: DeltaLog, _ snapshot: DeltaSnapshot) throws {
        var rows: [[F]] = [
            [F("protocol", protocolValue(snapshot.deltaProtocol))],
            [F("metaData", metadataValue(snapshot.metadata))],
        ]
        for t in snapshot.transactions.values.sorted(by: { $0.appId < $1.appId }) {
            rows.append([
                F(
                    "txn",
                    .group([
                        F("appId", .string(t.appId)), F("version", .int64(t.version)),
                        F("lastUpdated", t.lastUpdated.map { .int64($0) } ?? .null),
                    ]))
            ])
        }
        for a in snapshot.files.values.sorted(by: { $0.path < $1.path }) { rows.append([F("add", addValue(a))]) }
        for r in snapshot.tombstones.values.sorted(by: { $0.path < $1.path }) {
            rows.append([F("remove", removeValue(r))])
        }
        var options = ParquetWriterOptions()
        options.compression = .snappy
        let writer = try ParquetFileWriter(path: path(log, snapshot.version), schema: schema, options: options)
        try writer.writeRecords(rows)
        let size = try writer.finish()
        try log.writeLastCheckpoint(
            version: snapshot.version, size: Int64(rows.count), sizeInBytes: size,
            numOfAddFiles: Int64(snapshot.files.count))
    }

    private static func mapValue(_ p: [String: String?]?) -> ParquetValue {
        guard let p else { return .null }
        let entries = p.keys.sorted().map { k in
            ParquetValue.group([F("key", .string(k)), F("value", (p[k] ?? nil).map { .string($0) } ?? .null)])
        }
        return .group([F("key_value", .list(entries))])
    }

    private static func protocolValue(_ p: DeltaProtocol) -> ParquetValue {
        .group([
            F("minReaderVersion", .int32(Int32(p.minReaderVersion))),
            F("minWriterVersion", .int32(Int32(p.minWriterVersion))),
            F("readerFeatures", .list(strings: p.readerFeatures)),
            F("writerFeatures", .list(strings: p.writerFeatures)),
        ])
    }

    private static func metadataValue(_ m: DeltaMetadata) -> ParquetValue {
        .group([
            F("id", .string(m.id)), F("name", m.name.map { .string($0) } ?? .null),
            F("description", m.description.map { .string($0) } ?? .null),
            F("format", .group([F("provider", .string(m.formatProvider)), F("options", .map(m.formatOptions))])),
            F("schemaString", .string(m.schemaString)), F("partitionColumns", .list(strings: m.partitionColumns)),
            F("configuration", .map(m.configuration)), F("createdTime", m.createdTime.map { .int64($0) } ?? .null),
        ])
    }

    private static func addValue(_ a: AddFile) -> ParquetValue {
        .group([
            F("path", .string(a.path)), F("partitionValues", mapValue(a.partitionValues)), F("size", .int64(a.size)),
            F("modificationTime", .int64(a.modificationTime)), F("dataChange", .boolean(a.dataChange)),
            F("stats", a.stats.map { .string($0) } ?? .null), F("tags", a.tags.map { .map($0) } ?? .null),
        ])
    }

    private static func removeValue(_ r: RemoveFile) -> ParquetValue {
        .group([
            F("path", .string(r.path)), F("deletionTimestamp", r.deletionTimestamp.map { .int64($0) } ?? .null),
            F("dataChange", .boolean(r.dataChange)),
            F("extendedFileMetadata", r.extendedFileMetadata.map { .boolean($0) } ?? .null),
            F("partitionValues", mapValue(r.partitionValues)), F("size", r.size.map { .int64($0) } ?? .null),
        ])
    }

    /// The leaves a snapshot needs; parsed stats, partition structs and other columns that
    /// checkpoints from other writers may carry are not read.
    static let neededLeaves: Set<String> = [
        "txn.appId", "txn.version", "txn.lastUpdated",
        "add.path", "add.partitionValues.key_value.key", "add.partitionValues.key_value.value", "add.size",
        "add.modificationTime", "add.dataChange", "add.stats", "add.deletionVector.storageType",
        "remove.path", "remove.deletionTimestamp", "remove.dataChange", "remove.size",
        "metaData.id", "metaData.name", "metaData.description", "metaData.format.provider", "metaData.schemaString",
        "metaData.partitionColumns.list.element", "metaData.configuration.key_value.key",
        "metaData.configuration.key_value.value", "metaData.createdTime",
        "protocol.minReaderVersion", "protocol.minWriterVersion", "protocol.readerFeatures.list.element",
        "protocol.writerFeatures.list.element",
    ]

    /// Reads a checkpoint into actions (order: as stored; reconciliation is order-free
    /// within a checkpoint since it holds at most one action per file).
    static func read(_ log: DeltaLog, version: Int64) throws -> [DeltaAction] {
        let file = try ParquetFile(path: path(log, version))
        let records = try file.readRecords { path in
            // Other writers name list/map entries differently (`array`, `element`, `entries`); keep
            // any leaf under a needed map or list.
            neededLeaves.contains(path)
                || neededLeaves.contains { path.hasPrefix(Self.containerPrefix($0)) && Self.isContainer($0) }
        }
        var actions: [DeltaAction] = []
        for record in records {
            for field in record where !field.value.isNull {
                if let a = try action(field.name, field.value) { actions.append(a) }
            }
        }
        return actions
    }

    private static func isContainer(_ leaf: String) -> Bool {
        leaf.contains(".key_value.") || leaf.contains(".list.")
    }

    private static func containerPrefix(_ leaf: String) -> String {
        if let r = leaf.range(of: ".key_value.") { return String(leaf[..<r.lowerBound]) + "." }
        if let r = leaf.range(of: ".list.") { return String(leaf[..<r.lowerBound]) + "." }
        return leaf
    }

    private static func partitionValues(_ v: ParquetValue) -> [String: String?] {
        guard case .group(let fields) = v, case .list(let items)? = fields.first?.value else { return [:] }
        var out: [String: String?] = [:]
        for item in items {
            guard case .group(let kv) = item, kv.count == 2, let k = kv[0].value.string else { continue }
            out[k] = .some(kv[1].value.string)
        }
        return out
    }

    private static func action(_ name: String, _ v: ParquetValue) throws -> DeltaAction? {
        func need<T>(_ x: T?, _ what: String) throws -> T {
            guard let x else { throw LakehouseError(.corruptFile, "checkpoint \(name) action without \(what)") }
            return x
        }
        switch name {
        case "txn":
            return .txn(
                DeltaTxn(
                    appId: try need(v["appId"].string, "appId"), version: try need(v["version"].int64, "version"),
                    lastUpdated: v["lastUpdated"].int64))
        case "add":
            var a = AddFile(
                path: try need(v["path"].string, "path"), partitionValues: partitionValues(v["partitionValues"]),
                size: v["size"].int64 ?? 0, modificationTime: v["modificationTime"].int64 ?? 0,
                dataChange: v["dataChange"].boolean ?? false, stats: v["stats"].string)
            a.hasDeletionVector = !v["deletionVector"].isNull
            return .add(a)
        case "remove":
            var r = RemoveFile(
                path: try need(v["path"].string, "path"), deletionTimestamp: v["deletionTimestamp"].int64,
                dataChange: v["dataChange"].boolean ?? false)
            r.size = v["size"].int64
            return .remove(r)
        case "metaData":
            var m = DeltaMetadata(
                id: try need(v["id"].string, "id"), schemaString: try need(v["schemaString"].string, "schemaString"),
                partitionColumns: v["partitionColumns"].stringList ?? [], createdTime: v["createdTime"].int64)
            m.name = v["name"].string
            m.description = v["description"].string
            m.formatProvider = v["format"]["provider"].string ?? "parquet"
            m.configuration = v["configuration"].stringMap ?? [:]
            return .metaData(m)
        case "protocol":
            return .protocol(
                DeltaProtocol(
                    minReaderVersion: Int(try need(v["minReaderVersion"].int64, "minReaderVersion")),
                    minWriterVersion: Int(try need(v["minWriterVersion"].int64, "minWriterVersion")),
                    readerFeatures: v["readerFeatures"].stringList, writerFeatures: v["writerFeatures"].stringList))
        default:
            return nil
        }
    }
}
