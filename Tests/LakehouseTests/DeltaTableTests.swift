import Foundation
import TestSupport
import Testing

@testable import Lakehouse

@Suite struct DeltaTableTests {
    static func table(_ dir: TemporaryDirectory, checkpointInterval: Int64 = 10) -> DeltaTable {
        var config = DeltaTableConfiguration()
        config.checkpointInterval = checkpointInterval
        return DeltaTable(path: dir.file("t"), configuration: config, clock: ManualClock())
    }

    static func sorted(_ rows: ColumnarRows) -> [String] {
        (0..<rows.count).map { r in
            rows.columns.map { c in c.isNull(r) ? "null" : "\(c.values.select([r]))" }.joined(separator: "|")
        }.sorted()
    }

    @Test func appendsReplayWithTxnAndPartitions() throws {
        let dir = try TemporaryDirectory(prefix: "delta")
        defer { dir.remove() }
        let table = Self.table(dir)
        let writer = DeltaTableWriter(table: table)
        var all = ColumnarRows.empty(DeltaFixtures.windowSchema)
        for epoch in 1...4 {
            let rows = DeltaFixtures.windows(epoch: epoch)
            let r = try writer.append(
                rows, partitionBy: ["device_id"], txn: DeltaTxn(appId: "p", version: Int64(epoch)))
            #expect(r.version == Int64(epoch))
            #expect(r.files.count == 3)
            try all.append(rows)
        }
        let again = try writer.append(
            DeltaFixtures.windows(epoch: 3), partitionBy: ["device_id"], txn: DeltaTxn(appId: "p", version: 3))
        #expect(again.skipped)
        let snap = try table.snapshot()
        #expect(snap.version == 4)
        #expect(snap.transactionVersion(appId: "p") == 4)
        #expect(snap.files.count == 12)
        for f in snap.files.values {
            let device = f.partitionValues["device_id"] ?? nil
            #expect(f.path.hasPrefix("device_id=\(device ?? "?")/"))
        }
        #expect(Self.sorted(try table.readRows()) == Self.sorted(all))
        // Time travel to version 2.
        #expect(try table.readRows(try table.snapshot(version: 2)).count == 6)
        let stats = try table.stats()
        #expect(stats.rows == 12)
        #expect(stats.files == 12)
        #expect(stats.partitions == 6)
        #expect(stats.smallFiles == 12)
        let history = try table.history()
        #expect(history.map(\.operation) == ["WRITE", "WRITE", "WRITE", "WRITE", "CREATE TABLE"])
    }

    @Test func checkpointSnapshotEqualsJSONReplay() throws {
        let dir = try TemporaryDirectory(prefix: "delta-cp")
        defer { dir.remove() }
        let table = Self.table(dir, checkpointInterval: 3)
        let writer = DeltaTableWriter(table: table)
        for epoch in 1...7 {
            try writer.append(
                DeltaFixtures.windows(epoch: epoch), partitionBy: ["device_id"],
                txn: DeltaTxn(appId: "p", version: Int64(epoch)))
        }
        try table.optimize()
        let fromCheckpoint = try table.snapshot()
        #expect(fromCheckpoint.checkpointVersion == 6)
        #expect(table.log.readLastCheckpoint()?.version == 6)
        // Replaying every JSON commit gives the same state.
        var state = ReplayState()
        for v in table.log.listing().commits { for a in try table.log.readCommit(v) { state.apply(a) } }
        let fromJSON = try state.snapshot(version: fromCheckpoint.version, table: table.path)
        #expect(fromJSON.files == fromCheckpoint.files)
        #expect(fromJSON.transactions == fromCheckpoint.transactions)
        #expect(fromJSON.metadata == fromCheckpoint.metadata)
        #expect(fromJSON.deltaProtocol == fromCheckpoint.deltaProtocol)
        #expect(Set(fromJSON.tombstones.keys) == Set(fromCheckpoint.tombstones.keys))
    }

    @Test func optimizeCompactsAndVacuumCleans() throws {
        let dir = try TemporaryDirectory(prefix: "delta-opt")
        defer { dir.remove() }
        let clock = ManualClock()
        let table = DeltaTable(path: dir.file("t"), clock: clock)
        let writer = DeltaTableWriter(table: table)
        for epoch in 1...5 {
            try writer.append(DeltaFixtures.windows(epoch: epoch, devices: 2), partitionBy: ["device_id"])
        }
        let before = Self.sorted(try table.readRows())
        let result = try table.optimize()
        #expect(result.partitionsCompacted == 4)
        #expect(result.filesRemoved == 10)
        #expect(try table.snapshot().files.count == 4)
        #expect(Self.sorted(try table.readRows()) == before)
        let commit = try table.log.readCommit(try #require(result.version))
        #expect(
            commit.allSatisfy { a in
                switch a {
                case .add(let f): return !f.dataChange
                case .remove(let r): return !r.dataChange
                default: return true
                }
            })
        // The removed files are still there and not old enough to vacuum…
        #expect(try table.vacuum(retention: .seconds(3600)).deleted.isEmpty)
        // …until the clock passes the retention (file mtimes are real, the clock is manual).
        clock.advance(by: .seconds(86400 * 365 * 3))
        let dry = try table.vacuum(retention: .seconds(3600), dryRun: true)
        #expect(dry.deleted.count == 10)
        #expect(try table.vacuum(retention: .seconds(3600)).deleted == dry.deleted)
        #expect(table.check().isHealthy)
        #expect(Self.sorted(try table.readRows()) == before)
    }

    @Test func twoConcurrentWritersLoseNoCommit() async throws {
        let dir = try TemporaryDirectory(prefix: "delta-race")
        defer { dir.remove() }
        let path = dir.file("t")
        _ = try DeltaTable(path: path).create(schema: DeltaFixtures.windowSchema, partitionColumns: [])
        let perWriter = 15
        try await withThrowingTaskGroup(of: [Int64].self) { group in
            for w in 0..<2 {
                group.addTask {
                    let writer = DeltaTableWriter(table: DeltaTable(path: path))
                    var versions: [Int64] = []
                    for i in 0..<perWriter {
                        let r = try writer.append(
                            DeltaFixtures.windows(epoch: w * 100 + i, devices: 1),
                            txn: DeltaTxn(appId: "w\(w)", version: Int64(i)))
                        versions.append(try #require(r.version))
                    }
                    return versions
                }
            }
            var all: [Int64] = []
            for try await v in group { all += v }
            #expect(Set(all).count == 2 * perWriter)
        }
        let table = DeltaTable(path: path)
        let snap = try table.snapshot()
        #expect(snap.version == Int64(2 * perWriter))
        #expect(snap.files.count == 2 * perWriter)
        #expect(try table.readRows().count == 2 * perWriter)
        #expect(snap.transactionVersion(appId: "w0") == Int64(perWriter - 1))
        #expect(snap.transactionVersion(appId: "w1") == Int64(perWriter - 1))
    }

    @Test func unsupportedFeaturesAreNamed() throws {
        let dir = try TemporaryDirectory(prefix: "delta-feat")
        defer { dir.remove() }
        let log = DeltaLog(tablePath: dir.file("t"))
        var meta = DeltaMetadata(
            id: "x", schemaString: DeltaFixtures.windowSchema.deltaSchemaString, partitionColumns: [], createdTime: 0)
        meta.configuration["delta.columnMapping.mode"] = "name"
        #expect(
            try log.tryCommit(0, [.protocol(DeltaProtocol(minReaderVersion: 2, minWriterVersion: 5)), .metaData(meta)]))
        #expect(try log.tryCommit(0, [.protocol(DeltaProtocol())]) == false)  // never overwrites
        let error = #expect(throws: LakehouseError.self) { try DeltaTable(path: dir.file("t")).readRows() }
        #expect(error?.code == .unsupportedFeature)
        #expect(error?.message.contains("columnMapping") == true)

        let log2 = DeltaLog(tablePath: dir.file("u"))
        meta.configuration = [:]
        _ = try log2.tryCommit(
            0,
            [
                .protocol(
                    DeltaProtocol(
                        minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["deletionVectors"],
                        writerFeatures: ["deletionVectors"])), .metaData(meta),
            ])
        let dv = #expect(throws: LakehouseError.self) { try DeltaTable(path: dir.file("u")).readRows() }
        #expect(dv?.message.contains("deletionVectors") == true)
    }

    @Test func checkReportsDamageWithoutThrowing() throws {
        let dir = try TemporaryDirectory(prefix: "delta-check")
        defer { dir.remove() }
        let table = Self.table(dir)
        let writer = DeltaTableWriter(table: table)
        for epoch in 1...4 { try writer.append(DeltaFixtures.windows(epoch: epoch, devices: 1)) }
        #expect(table.check().isHealthy)
        let files = try table.snapshot().files.values.sorted { $0.path < $1.path }.map { table.absolutePath($0.path) }
        try FileIO.remove(files[0])
        let truncated = try FileIO.readAll(files[1])
        try FileIO.remove(files[1])
        try FileIO.writeAtomically(Array(truncated.prefix(truncated.count / 2)), to: files[1])
        var flipped = try FileIO.readAll(files[2])
        for i in stride(from: 4, to: flipped.count / 2, by: 3) { flipped[i] ^= 0x5A }
        try FileIO.remove(files[2])
        try FileIO.writeAtomically(flipped, to: files[2])
        let report = table.check()
        let kinds: Set<DeltaCheckReport.Kind> = Set(report.problems.map(\.kind))
        #expect(kinds == [.corruptFile, .missingFile, .sizeMismatch])
        #expect(report.problems.count == 3)
        // A commit file with garbage is reported too, and `check` still returns.
        try FileIO.writeAtomically(Array("{not json\n".utf8), to: "\(table.log.logPath)/\(DeltaLog.commitName(5))")
        let broken = table.check()
        #expect(broken.problems.contains { $0.kind == .corruptLog })
    }

    @Test func partitionValueAndTimestampFormats() {
        #expect(DeltaTime.partitionTimestamp(1_730_644_200_123_456) == "2024-11-03 14:30:00.123456")
        #expect(DeltaTime.statsTimestamp(1_730_644_200_123_456, roundUp: false) == "2024-11-03T14:30:00.123Z")
        #expect(DeltaTime.statsTimestamp(1_730_644_200_123_456, roundUp: true) == "2024-11-03T14:30:00.124Z")
        #expect(DeltaTime.parseTimestamp("2024-11-03 14:30:00.123456") == 1_730_644_200_123_456)
        #expect(DeltaTime.parseTimestamp("1969-12-31T23:59:59Z") == -1_000_000)
        #expect(DeltaTime.date(micros: -1) == "1969-12-31")
        #expect(DeltaPartitionValue.escapeDirectory("a b/c=d") == "a%20b%2Fc%3Dd")
    }

    @Test func snapshotFileWriterReplacesAtomically() throws {
        let dir = try TemporaryDirectory(prefix: "snap")
        defer { dir.remove() }
        let writer = SnapshotFileWriter(path: dir.file("aggregates/latest.json"))
        try writer.write("{\"records\":[]}")
        try writer.write("{\"records\":[1]}")
        #expect(
            String(decoding: try FileIO.readAll(dir.file("aggregates/latest.json")), as: UTF8.self)
                == "{\"records\":[1]}")
        #expect(FileIO.listDirectory(dir.file("aggregates")) == ["latest.json"])
    }

    @Test func datasetWriterPartitionsByDay() throws {
        let dir = try TemporaryDirectory(prefix: "dataset")
        defer { dir.remove() }
        let rows = try LakeFixtures.rows(100).addingDateColumn(from: "ts")
        let files = try ParquetDatasetWriter(root: dir.path, partitionBy: ["dt"]).write(rows)
        #expect(files.count == 1)
        #expect(files.first?.hasPrefix("dt=2024-11-03/") == true)
        let back = try ParquetFile(path: dir.file(files[0])).readRows()
        #expect(back.count == 100)
        #expect(back.schema.index(of: "dt") == nil)
    }
}
