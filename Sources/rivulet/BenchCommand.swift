import ArgumentParser
import Foundation
import RivuletApp
import StreamEngine

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Built-in benchmarks: a table for people, --json for scripts.")

    @Argument(help: "log | broker | engine | parquet | e2e")
    var target: String

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Seconds per append case (log).")
    var seconds: Double = 1.0

    @Option(name: .customLong("e2e-seconds"), help: "Seconds per rate (e2e; default 10).")
    var e2eSeconds: Double?

    @Option(help: "Events (engine: events aggregated; parquet: events written, window rows are a tenth).")
    var rows: Int?

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        switch target {
        case "log":
            let config = try global.load()
            var bench = LogBenchmark(directory: config.dataDir + "/bench")
            bench.secondsPerCase = seconds
            let report = try await bench.run { name in
                if !json { FileHandle.standardError.write(Data("running \(name)…\n".utf8)) }
            }
            try? FileManager.default.removeItem(atPath: config.dataDir + "/bench")
            print(json ? report.json() : report.table())
        case "broker": throw notYetBuilt("bench broker", part: "Swift-client broker benchmark (issue 4; scripts/bench_broker_librdkafka.py measures with librdkafka meanwhile)")
        case "engine":
            var report = BenchReport(bench: "engine")
            let result = try EngineBenchmark.seed000(events: rows ?? 10_000_000)
            report.add("seed000_events_per_s", result.eventsPerSecond, "events/s")
            report.add("seed000_events_per_cpu_s", result.eventsPerCPUSecond, "events/s/core")
            report.add("seed000_input_mb_per_s", Double(result.inputBytes) / result.seconds / 1e6, "MB/s")
            report.add("final_windows", Double(result.finalWindows), "windows")
            report.add("peak_rss_mb", Double(ProcessMemory.residentBytes().peak) / 1e6, "MB")
            print(json ? report.json() : report.table())
        case "parquet":
            let config = try global.load()
            var bench = ParquetBenchmark(directory: config.dataDir + "/bench")
            if let rows { bench.events = rows; bench.windowRows = max(1, rows / 10) }
            let report = try bench.run()
            try? FileManager.default.removeItem(atPath: config.dataDir + "/bench")
            print(json ? report.json() : report.table())
        case "e2e":
            let config = try global.load()
            var bench = EndToEndBenchmark(base: config, directory: config.dataDir + "/bench-e2e")
            if let seconds = e2eSeconds { bench.seconds = seconds }
            let report = try await bench.run { name in
                if !json { FileHandle.standardError.write(Data("running \(name)…\n".utf8)) }
            }
            try? FileManager.default.removeItem(atPath: config.dataDir + "/bench-e2e")
            print(json ? report.json() : report.table())
        default: throw ValidationError("unknown benchmark `\(target)`; choose log, broker, engine, parquet or e2e")
        }
    }
}
