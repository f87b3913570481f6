import ArgumentParser
import Foundation
import RivuletApp

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Built-in benchmarks: a table for people, --json for scripts.")

    @Argument(help: "log | broker | engine | parquet | e2e")
    var target: String

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Seconds per append case (log).")
    var seconds: Double = 1.0

    @Option(help: "Events to write (parquet; window rows are a tenth).")
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
        case "broker": throw notYetBuilt("bench broker", part: "Kafka client (issue 5)")
        case "engine": throw notYetBuilt("bench engine", part: "streaming engine (issue 6)")
        case "parquet":
            let config = try global.load()
            var bench = ParquetBenchmark(directory: config.dataDir + "/bench")
            if let rows { bench.events = rows; bench.windowRows = max(1, rows / 10) }
            let report = try bench.run()
            try? FileManager.default.removeItem(atPath: config.dataDir + "/bench")
            print(json ? report.json() : report.table())
        case "e2e": throw notYetBuilt("bench e2e", part: "dashboard and `up` (issue 8)")
        default: throw ValidationError("unknown benchmark `\(target)`; choose log, broker, engine, parquet or e2e")
        }
    }
}
