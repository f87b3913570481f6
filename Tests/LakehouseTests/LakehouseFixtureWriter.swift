import Foundation
import Testing

@testable import Lakehouse

/// Bridges to the Python interop tests (tests/interop/test_lake_*.py). Each test here is a
/// no-op unless its environment variable names a directory:
/// - `RIVULET_LAKE_FIXTURE_DIR`: write Parquet files (and `<name>.json` with their values).
/// - `RIVULET_LAKE_READ_DIR`: read every `*.parquet` there (written by pyarrow) and write
///   `<name>.rivulet.json` with the values Rivulet decoded, or `<name>.error.txt`.
@Suite struct LakehouseFixtureWriter {
    static func env(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    @Test func writeParquetFixtures() throws {
        guard let dir = Self.env("RIVULET_LAKE_FIXTURE_DIR") else { return }
        try FileIO.createDirectories(dir + "/parquet")
        for compression in LakeCompression.allCases {
            var options = ParquetWriterOptions()
            options.compression = compression
            try Self.write(LakeFixtures.rows(1000), "\(dir)/parquet/types_\(compression.rawValue).parquet", options)
        }
        var small = ParquetWriterOptions()
        small.rowGroupSize = .kibibytes(16)
        small.pageSize = .kibibytes(2)
        small.dictionaryPageSizeLimit = .kibibytes(1)
        var rows = ColumnarRows.empty(LakeFixtures.schema)
        for seed in 1...10 { try rows.append(LakeFixtures.rows(300, seed: UInt64(seed))) }
        try Self.write(rows, "\(dir)/parquet/row_groups.parquet", small)
        // Past the first 1024-value batch the high-cardinality columns outgrow a 4 KiB
        // dictionary and fall back to PLAIN pages within the chunk, as pyarrow does.
        var fallback = ParquetWriterOptions()
        fallback.pageSize = .kibibytes(8)
        fallback.dictionaryPageSizeLimit = .kibibytes(4)
        try Self.write(LakeFixtures.rows(6000, seed: 3), "\(dir)/parquet/dictionary_fallback.parquet", fallback)
        let empty = ColumnarRows.empty(LakeFixtures.schema)
        try Self.write(empty, "\(dir)/parquet/empty.parquet", ParquetWriterOptions())
    }

    static func write(_ rows: ColumnarRows, _ path: String, _ options: ParquetWriterOptions) throws {
        try? FileIO.remove(path)
        let writer = try ParquetWriter(path: path, schema: rows.schema, options: options)
        // Several writes, so that buffering and row-group cuts are exercised.
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 777)
            try writer.write(rows.select(Array(start..<end)))
            start = end
        }
        _ = try writer.close()
        try Self.json(rows).write(to: URL(fileURLWithPath: path.replacingOccurrences(of: ".parquet", with: ".json")))
    }

    @Test func readForeignParquet() throws {
        guard let dir = Self.env("RIVULET_LAKE_READ_DIR") else { return }
        for name in FileIO.listDirectory(dir) where name.hasSuffix(".parquet") {
            let base = "\(dir)/\(name.dropLast(8))"
            do {
                let file = try ParquetFile(path: "\(dir)/\(name)")
                try Self.json(try file.readRows()).write(to: URL(fileURLWithPath: base + ".rivulet.json"))
            } catch {
                try "\(error)".write(toFile: base + ".error.txt", atomically: true, encoding: .utf8)
            }
        }
    }

    /// `{"schema": [{name, type, nullable}], "columns": {name: [value|null]}}`; timestamps
    /// are epoch microseconds.
    static func json(_ rows: ColumnarRows) throws -> Data {
        var columns: [String: Any] = [:]
        for (c, data) in zip(rows.schema.columns, rows.columns) {
            var values: [Any] = []
            for i in 0..<rows.count {
                if data.isNull(i) {
                    values.append(NSNull())
                    continue
                }
                switch data.values {
                case .int32(let v): values.append(NSNumber(value: v[i]))
                case .int64(let v), .timestampMicros(let v): values.append(NSNumber(value: v[i]))
                case .double(let v): values.append(NSNumber(value: v[i]))
                case .boolean(let v): values.append(NSNumber(value: v[i]))
                case .string(let v): values.append(v[i])
                }
            }
            columns[c.name] = values
        }
        let schema = rows.schema.columns.map {
            ["name": $0.name, "type": $0.type.rawValue, "nullable": $0.nullable] as [String: Any]
        }
        return try JSONSerialization.data(
            withJSONObject: ["schema": schema, "columns": columns], options: [.sortedKeys])
    }
}

extension LakehouseFixtureWriter {
    /// `RIVULET_LAKE_FIXTURE_DIR`: Delta tables written by Rivulet, with expected contents.
    @Test func writeDeltaFixtures() throws {
        guard let dir = Self.env("RIVULET_LAKE_FIXTURE_DIR") else { return }
        // windows: partitioned by device_id, exactly-once appends, checkpoint at 10.
        let windowsPath = "\(dir)/delta/windows"
        let writer = DeltaTableWriter(table: DeltaTable(path: windowsPath))
        var all = ColumnarRows.empty(DeltaFixtures.windowSchema)
        for epoch in 1...12 {
            let rows = DeltaFixtures.windows(epoch: epoch)
            try writer.append(
                rows, partitionBy: ["device_id"], txn: DeltaTxn(appId: "iot-aggregates", version: Int64(epoch)))
            try all.append(rows)
        }
        // A replayed epoch after a "crash": skipped.
        let replay = try writer.append(
            DeltaFixtures.windows(epoch: 5), partitionBy: ["device_id"],
            txn: DeltaTxn(appId: "iot-aggregates", version: 5))
        #expect(replay.skipped)
        try Self.json(all).write(to: URL(fileURLWithPath: "\(dir)/delta/windows.json"))

        // types: every lake type, unpartitioned, gzip, checkpoint every 2 commits.
        var config = DeltaTableConfiguration()
        config.checkpointInterval = 2
        config.compression = .gzip
        let typesWriter = DeltaTableWriter(table: DeltaTable(path: "\(dir)/delta/types", configuration: config))
        var types = ColumnarRows.empty(LakeFixtures.schema)
        for seed in 1...3 {
            let rows = LakeFixtures.rows(100 * seed, seed: UInt64(seed))
            try typesWriter.append(rows)
            try types.append(rows)
        }
        try Self.json(types).write(to: URL(fileURLWithPath: "\(dir)/delta/types.json"))

        // optimized: small appends compacted into one file per partition (dataChange=false).
        let optimized = DeltaTable(path: "\(dir)/delta/optimized")
        var compacted = ColumnarRows.empty(DeltaFixtures.windowSchema)
        for epoch in 1...4 {
            let rows = DeltaFixtures.windows(epoch: epoch, devices: 2)
            try DeltaTableWriter(table: optimized).append(rows, partitionBy: ["device_id"])
            try compacted.append(rows)
        }
        let result = try optimized.optimize()
        #expect(result.filesRemoved == 8)
        try Self.json(compacted).write(to: URL(fileURLWithPath: "\(dir)/delta/optimized.json"))

        // dataset: plain Parquet partitioned by day, as seed 002 writes it.
        let day = try LakeFixtures.rows(500).addingDateColumn(from: "ts")
        try ParquetDatasetWriter(root: "\(dir)/dataset", partitionBy: ["dt"]).write(day)
        try Self.json(day).write(to: URL(fileURLWithPath: "\(dir)/dataset.json"))
    }

    /// `RIVULET_LAKE_DELTA_DIR`: a table written by delta-rs. Rivulet reads it (rows to
    /// `rivulet_read.json`), then appends its first 5 rows again with txn (rivulet-interop, 1)
    /// and writes `rivulet_append.json` with the version it committed.
    @Test func readAndAppendForeignDelta() throws {
        guard let dir = Self.env("RIVULET_LAKE_DELTA_DIR") else { return }
        let out = Self.env("RIVULET_LAKE_OUT_DIR") ?? dir
        let table = DeltaTable(path: dir)
        let snap = try table.snapshot()
        let rows = try table.readRows(snap)
        var meta = try JSONSerialization.jsonObject(with: try Self.json(rows)) as? [String: Any] ?? [:]
        meta["version"] = snap.version
        meta["checkpointVersion"] = snap.checkpointVersion.map { NSNumber(value: $0) } ?? NSNull()
        meta["partitionColumns"] = snap.partitionColumns
        try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys]).write(
            to: URL(fileURLWithPath: "\(out)/rivulet_read.json"))
        let extra = rows.select(Array(0..<min(5, rows.count)))
        let result = try DeltaTableWriter(table: table).append(
            extra, partitionBy: snap.partitionColumns, txn: DeltaTxn(appId: "rivulet-interop", version: 1))
        var appended = try JSONSerialization.jsonObject(with: try Self.json(extra)) as? [String: Any] ?? [:]
        appended["version"] = result.version.map { NSNumber(value: $0) } ?? NSNull()
        try JSONSerialization.data(withJSONObject: appended, options: [.sortedKeys]).write(
            to: URL(fileURLWithPath: "\(out)/rivulet_append.json"))
    }
}
