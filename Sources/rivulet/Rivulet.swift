import ArgumentParser
import Foundation
import RivuletConfig
import RivuletCore

@main
struct Rivulet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rivulet",
        abstract: "A real-time pipeline for sensor and event data in one binary: simulators, a Kafka-protocol log, a streaming engine, a Delta Lake writer and a live dashboard.",
        discussion: "Run everything with `rivulet up`. Exit codes: 0 ok, 1 runtime failure, 2 usage or config error.",
        subcommands: [
            UpCommand.self, InitCommand.self, BrokerCommand.self, ProduceCommand.self, ProcessCommand.self,
            DashboardCommand.self, TopicsCommand.self, ConsumeCommand.self, GroupsCommand.self, LakeCommand.self,
            CleanCommand.self, ConfigCommand.self, BenchCommand.self, DoctorCommand.self, LogWriterCommand.self,
            LakeWriterCommand.self,
        ]
    )

    /// Parses, runs, and maps every error to clear lines and DESIGN §1's exit codes.
    static func main() async {
        AllocatorTuning.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let errors as ConfigErrors {
            // One `file:line: key: problem` line per error, as `config validate` promises.
            FileHandle.standardError.write(Data((errors.errors.map(\.description).joined(separator: "\n") + "\n").utf8))
            Foundation.exit(2)
        } catch let error as any RivuletErrorProtocol {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(error.isUsageError ? 2 : 1)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            // ArgumentParser reports bad usage as 64; DESIGN §1 says 2.
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
