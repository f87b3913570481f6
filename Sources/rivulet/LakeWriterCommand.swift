import ArgumentParser
import Foundation
import Lakehouse
import RivuletApp

/// Hidden: the Delta crash probe the lake reliability tests kill at random or run in pairs
/// (see `LakeWriterWorkload`).
struct LakeWriterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_lake-writer",
        abstract: "Append batches to a Delta table; print `commit BATCH VERSION` after each.",
        shouldDisplay: false)

    @Option var table: String
    @Option var writer: String
    @Option var count: Int64?
    @Option var rows = 50
    @Option(help: "Checkpoint every this many commits.") var checkpointInterval: Int64 = 5

    func run() throws {
        var configuration = DeltaTableConfiguration()
        configuration.checkpointInterval = checkpointInterval
        var workload = LakeWriterWorkload(table: DeltaTable(path: table, configuration: configuration), writer: writer)
        workload.rowsPerCommit = rows
        try workload.run(count: count) { batch, version in
            FileHandle.standardOutput.write(Data("commit \(batch) \(version)\n".utf8))
        }
    }
}
