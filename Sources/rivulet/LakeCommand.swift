import ArgumentParser
import Foundation
import Lakehouse
import RivuletApp
import RivuletCore

struct LakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lake", abstract: "stats | history | optimize | vacuum | check Delta tables of the lake.",
        subcommands: [Stats.self, History.self, Optimize.self, Vacuum.self, Check.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tables with versions, files, rows, bytes and small files.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "One table (default: all).") var table: String?

        func run() throws {
            let tables = LakeTables(try global.load())
            let names = try table.map { name in _ = try tables.table(name); return [name] } ?? tables.names()
            guard !names.isEmpty else {
                print("no tables under \(tables.root)")
                return
            }
            print("table".padding(toLength: 24, withPad: " ", startingAt: 0) + "version  files   small        rows        bytes")
            for name in names {
                let s = try tables.table(name).stats()
                let columns = [String(s.version), String(s.files), String(s.smallFiles), String(s.rows), String(s.bytes)]
                let widths = [7, 6, 7, 11, 12]
                print(name.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + zip(columns, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined(separator: " "))
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A table's commits, newest first.")
        @OptionGroup var global: GlobalOptions
        @Argument var table: String
        @Option var limit: Int?

        func run() throws {
            for entry in try LakeTables(try global.load()).table(table).history(limit: limit) {
                let when = entry.timestamp.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0) / 1000)) } ?? "-"
                let metrics = entry.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                print("\(entry.version)\t\(when)\t\(entry.operation ?? "-")\t\(metrics)")
            }
        }
    }

    struct Optimize: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compact small files of each partition into one.")
        @OptionGroup var global: GlobalOptions
        @Argument var table: String

        func run() throws {
            let result = try LakeTables(try global.load()).table(table).optimize()
            guard let version = result.version else {
                print("\(table): nothing to compact")
                return
            }
            print("\(table): version \(version), \(result.filesRemoved) files compacted into \(result.filesAdded) across \(result.partitionsCompacted) partitions")
        }
    }

    struct Vacuum: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete files no version newer than --retain needs.")
        @OptionGroup var global: GlobalOptions
        @Argument var table: String
        @Option(help: "Keep files needed by versions of this age (7d, 24h).") var retain = "7d"
        @Flag(name: .customLong("dry-run"), help: "Only list what would be deleted.") var dryRun = false

        func run() throws {
            guard let retention = DurationText.parse(retain) else {
                throw ValidationError("--retain \(retain) is not a duration; use e.g. 7d, 24h, 30m")
            }
            let result = try LakeTables(try global.load()).table(table).vacuum(retention: retention, dryRun: dryRun)
            for path in result.deleted { print((dryRun ? "would delete " : "deleted ") + path) }
            print("\(result.deleted.count) files \(dryRun ? "would be deleted" : "deleted")")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify the log and every live file; exit 1 on problems.")
        @OptionGroup var global: GlobalOptions
        @Argument var table: String

        func run() throws {
            let report = try LakeTables(try global.load()).table(table).check()
            for problem in report.problems { print("\(problem.kind.rawValue): \(problem.path): \(problem.message)") }
            print("\(table): version \(report.version.map(String.init) ?? "-"), \(report.filesChecked) files checked, \(report.problems.count) problems")
            if !report.isHealthy { throw RivuletError(.aborted, "\(table) has \(report.problems.count) problems") }
        }
    }
}
