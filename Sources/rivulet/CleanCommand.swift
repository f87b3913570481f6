import ArgumentParser
import Foundation
import RivuletApp
import RivuletCore

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Delete lake tables, checkpoints, or all data, after confirmation.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Delete the lake's tables.") var datalake = false
    @Flag(help: "Delete the pipelines' checkpoints.") var checkpoints = false
    @Flag(help: "Delete the log, checkpoints, lake and snapshots.") var all = false
    @Option(help: "With --checkpoints: only this pipeline's.") var pipeline: String?
    @Flag(name: [.short, .long], help: "Do not ask for confirmation.") var yes = false

    func run() throws {
        let targets = CleanTargets(datalake: datalake, checkpoints: checkpoints, all: all, pipeline: pipeline)
        guard !targets.isEmpty else {
            throw RivuletError(.invalidArgument, "say what to delete: --datalake, --checkpoints or --all")
        }
        let config = try global.load()
        let existing = targets.paths(config).filter { FileManager.default.fileExists(atPath: $0) }
        guard !existing.isEmpty else {
            print("nothing to delete")
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                throw RivuletError(.invalidArgument, "refusing to delete \(existing.joined(separator: ", ")) without confirmation; pass --yes")
            }
            print("delete \(existing.joined(separator: ", "))? [y/N] ", terminator: "")
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                print("nothing deleted")
                return
            }
        }
        for path in try targets.remove(config) { print("deleted \(path)") }
    }
}
