import ArgumentParser
import Foundation
import RivuletConfig
import RivuletCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented rivulet.yml with every option and its default.")

    @Argument(help: "Directory to write rivulet.yml into.")
    var directory: String = "."

    @Option(help: "Start from a seed's pipeline: default (IoT monitor), platform, smarttech or urban.")
    var preset: String = "default"

    @Flag(help: "Overwrite an existing rivulet.yml.")
    var force = false

    func run() throws {
        let chosen = try ConfigPreset.named(preset)
        let path = directory + "/rivulet.yml"
        if FileManager.default.fileExists(atPath: path) && !force {
            throw RivuletError(.invalidArgument, "\(path) already exists; pass --force to overwrite it")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ConfigRenderer.commentedTemplate(preset: chosen).write(toFile: path, atomically: true, encoding: .utf8)
        print("wrote \(path) (\(chosen.summary))")
    }
}
