import Foundation
import Lakehouse
import RivuletCore

/// `rivulet bench parquet`: writes seed-000 events and window rows with the Lakehouse
/// Parquet writer (snappy), in chunks so that memory stays bounded by the row group.
/// `scripts/bench_pyarrow_parquet.py` writes the same rows with pyarrow for comparison.
public struct ParquetBenchmark: Sendable {
    public var events = 10_000_000
    public var windowRows = 1_000_000
    public var chunkRows = 500_000
    public let directory: String

    public init(directory: String) { self.directory = directory }

    static let eventSchema = LakeSchema([
        LakeColumn("device_id", .string, nullable: false), LakeColumn("ts", .timestampMicros, nullable: false),
        LakeColumn("temperature", .double), LakeColumn("humidity", .double), LakeColumn("battery", .double),
        LakeColumn("status", .string), LakeColumn("location", .string),
    ])

    static let windowSchema = LakeSchema([
        LakeColumn("window_start", .timestampMicros, nullable: false), LakeColumn("window_end", .timestampMicros, nullable: false),
        LakeColumn("device_id", .string, nullable: false), LakeColumn("count", .int64, nullable: false),
        LakeColumn("avg_temperature", .double), LakeColumn("avg_humidity", .double),
        LakeColumn("min_battery", .double), LakeColumn("max_battery", .double),
    ])

    /// Seed-000-like rows `start..<start+count`, deterministic so pyarrow's script can make the same.
    static func events(start: Int, count: Int) throws -> ColumnarRows {
        let devices = (0..<1000).map { "device-" + String(format: "%08x", $0 &* 2_654_435_761 & 0xFFFF_FFFF) }
        let statuses = ["ok", "ok", "ok", "warn", "error"]
        let locations = ["floor-1", "floor-2", "lab", "office"]
        var device: [String] = [], ts: [Int64] = [], temperature: [Double] = [], humidity: [Double] = []
        var battery: [Double] = [], status: [String] = [], location: [String] = []
        for i in start..<(start + count) {
            let d = i % devices.count
            device.append(devices[d])
            ts.append(1_730_638_574_123_000 + Int64(i) * 31_250)
            temperature.append(20 + Double((i &* 7919) % 1000) / 100)
            humidity.append(40 + Double((i &* 104_729) % 3000) / 100)
            battery.append(100 - Double(i % 10_000) / 100)
            status.append(statuses[(i / 7) % statuses.count])
            location.append(locations[d % locations.count])
        }
        return try ColumnarRows(schema: eventSchema, columns: [
            ColumnData(.string(device)), ColumnData(.timestampMicros(ts)), ColumnData(.double(temperature)),
            ColumnData(.double(humidity)), ColumnData(.double(battery)), ColumnData(.string(status)), ColumnData(.string(location)),
        ])
    }

    static func windows(start: Int, count: Int) throws -> ColumnarRows {
        var startTimes: [Int64] = [], endTimes: [Int64] = [], device: [String] = [], counts: [Int64] = []
        var a: [Double] = [], b: [Double] = [], c: [Double] = [], d: [Double] = []
        for i in start..<(start + count) {
            let window = Int64(i / 1000) * 10_000_000 + 1_730_638_570_000_000
            startTimes.append(window)
            endTimes.append(window + 10_000_000)
            device.append("device-" + String(format: "%08x", (i % 1000) &* 2_654_435_761 & 0xFFFF_FFFF))
            counts.append(Int64(30 + i % 11))
            a.append(22 + Double(i % 500) / 100)
            b.append(50 + Double(i % 700) / 100)
            c.append(80 - Double(i % 300) / 100)
            d.append(82 - Double(i % 200) / 100)
        }
        return try ColumnarRows(schema: windowSchema, columns: [
            ColumnData(.timestampMicros(startTimes)), ColumnData(.timestampMicros(endTimes)), ColumnData(.string(device)),
            ColumnData(.int64(counts)), ColumnData(.double(a)), ColumnData(.double(b)), ColumnData(.double(c)), ColumnData(.double(d)),
        ])
    }

    public func run() throws -> BenchReport {
        var report = BenchReport(bench: "parquet")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, total, schema, make) in [
            ("seed000_events", events, Self.eventSchema, Self.events(start:count:)),
            ("window_rows", windowRows, Self.windowSchema, Self.windows(start:count:)),
        ] as [(String, Int, LakeSchema, @Sendable (Int, Int) throws -> ColumnarRows)] {
            var options = ParquetWriterOptions()
            options.compression = .snappy
            let path = directory + "/\(name).parquet"
            let writer = try ParquetWriter(path: path, schema: schema, options: options)
            var writing: Duration = .zero
            var start = 0
            while start < total {
                let rows = try make(start, min(chunkRows, total - start))
                let began = ContinuousClock.now
                try writer.write(rows)
                writing += ContinuousClock.now - began
                start += rows.count
            }
            let began = ContinuousClock.now
            let summary = try writer.close()
            writing += ContinuousClock.now - began
            let seconds = Double(writing.nanoseconds) / 1e9
            report.add("\(name)_rows_per_s", Double(total) / seconds, "rows/s")
            report.add("\(name)_file_mb_per_s", Double(summary.size) / seconds / 1e6, "MB/s")
            report.add("\(name)_file_bytes", Double(summary.size), "bytes")
            try? FileManager.default.removeItem(atPath: path)
        }
        report.add("peak_rss_mb", Double(ProcessMemory.residentBytes().peak) / 1e6, "MB")
        return report
    }
}
