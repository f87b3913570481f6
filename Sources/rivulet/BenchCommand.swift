import ArgumentParser
import Foundation
import RivuletApp
import RivuletConfig
import RivuletCore
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

    @Option(help: "Events (engine: events aggregated; parquet: events written, window rows are a tenth; broker: messages per case).")
    var rows: Int?

    @Option(name: .customLong("write-input"), help: "engine: write the generated NDJSON input to this file and exit (for scripts/bench_spark.py).")
    var writeInput: String?

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
        case "broker":
            let config = try global.load()
            var bench = BrokerBenchmark(directory: config.dataDir + "/bench", config: config)
            if let rows { bench.messages = rows; bench.simulatorEvents = rows }
            let report = try await bench.run { name in
                if !json { FileHandle.standardError.write(Data("running \(name)…\n".utf8)) }
            }
            print(json ? report.json() : report.table())
        case "engine":
            if let writeInput {
                let chunks = EngineBenchmark.generate(events: rows ?? 10_000_000)
                try Data(chunks.joined()).write(to: URL(fileURLWithPath: writeInput))
                return
            }
            let report = try await engineReport(try global.load())
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

extension BenchCommand {
    /// State memory first (so that the RSS delta is not hidden by memory freed earlier), then
    /// throughput from memory and from the embedded log, then append-to-live-result latency.
    func engineReport(_ config: RivuletConfiguration) async throws -> BenchReport {
        var report = BenchReport(bench: "engine")
        func progress(_ what: String) { if !json { FileHandle.standardError.write(Data("running \(what)…\n".utf8)) } }
        progress("state memory")
        let before = ProcessMemory.residentBytes().current
        let state = try EngineBenchmark.openState(devices: 100_000, windowsPerDevice: 10)
        let rssDelta = ProcessMemory.residentBytes().current - before
        report.add("state_100k_devices_10_windows_open_windows", Double(state.openWindowCount), "windows")
        report.add("state_100k_devices_10_windows_mb", Double(state.stateBytes) / 1e6, "MB")
        report.add("state_100k_devices_10_windows_rss_delta_mb", Double(rssDelta) / 1e6, "MB")
        withExtendedLifetime(state) {}

        // As a pipeline runs it (decoding beside the aggregating thread), then all on one thread.
        let events = rows ?? 10_000_000
        let cores = ProcessInfo.processInfo.activeProcessorCount
        progress("seed 000 from memory")
        let memory = try await EngineBenchmark.seed000(events: events, decodeWorkers: max(1, cores - 1))
        report.add("seed000_events_per_s", memory.eventsPerSecond, "events/s")
        report.add("seed000_events_per_cpu_s", memory.eventsPerCPUSecond, "events/s/core")
        report.add("seed000_input_mb_per_s", Double(memory.inputBytes) / memory.seconds / 1e6, "MB/s")
        report.add("final_windows", Double(memory.finalWindows), "windows")
        report.add("seed000_rss_mb", Double(ProcessMemory.residentBytes().current) / 1e6, "MB")
        progress("seed 000 from memory, one thread")
        let oneThread = try await EngineBenchmark.seed000(events: events)
        report.add("seed000_one_thread_events_per_s", oneThread.eventsPerSecond, "events/s")
        report.add("seed000_one_thread_decode_ns_per_event", oneThread.decodeNanosecondsPerEvent ?? 0, "ns")
        report.add("seed000_one_thread_operator_ns_per_event", oneThread.operatorNanosecondsPerEvent ?? 0, "ns")

        progress("seed 000 from the embedded log")
        var fromLog = EngineLogBenchmark(directory: config.dataDir + "/bench-engine-log")
        fromLog.events = events
        let log = try await fromLog.run()
        report.add("seed000_log_events_per_s", log.eventsPerSecond, "events/s")
        report.add("seed000_log_events_per_cpu_s", log.eventsPerCPUSecond, "events/s/core")
        report.add("seed000_log_rss_mb", Double(ProcessMemory.residentBytes().current) / 1e6, "MB")
        progress("seed 000 from the embedded log, one thread")
        fromLog.decodeDepth = 0
        report.add("seed000_log_one_thread_events_per_s", try await fromLog.run().eventsPerSecond, "events/s")

        // The key's default, the default preset's (what `rivulet up` runs) and a tight one.
        let preset = Int(RivuletConfiguration.default.pipelines[0].emit.liveEvery.milliseconds)
        for liveEvery in [100, preset, 10] {
            progress("append to live result, live_every \(liveEvery)ms")
            var latency = LiveLatencyBenchmark(directory: config.dataDir + "/bench-engine-live")
            latency.liveEvery = .milliseconds(liveEvery)
            let result = try await latency.run()
            let name = "append_to_live_10k_eps_live_every_\(liveEvery)ms"
            report.add(name + "_p50_ms", result.p50Milliseconds, "ms")
            report.add(name + "_p99_ms", result.p99Milliseconds, "ms")
            report.add(name + "_max_ms", result.maxMilliseconds, "ms")
        }
        report.add("peak_rss_mb", Double(ProcessMemory.residentBytes().peak) / 1e6, "MB")
        return report
    }
}
