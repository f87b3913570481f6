import ArgumentParser
import Foundation
import RivuletApp
import RivuletConfig

/// `rivulet process [--pipeline NAME] [--bootstrap H:P]`: runs the configured pipelines
/// against the embedded log, or a remote cluster as a consumer group, until SIGINT/SIGTERM,
/// which drains them with a final checkpoint.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process", abstract: "Run the configured pipelines against the embedded or a remote log.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Run only this pipeline.") var pipeline: String?
    @Option(help: "Read from this Kafka cluster, host:port[,host:port], as a consumer group (default: broker.bootstrap).")
    var bootstrap: String?
    @Option(name: .customLong("status-every"), help: "Seconds between status lines.") var statusEvery: Int = 5

    func run() async throws {
        let config = try global.load(ConfigOverrides(bootstrap: bootstrap))
        try await ProcessRunner.run(config: config, only: pipeline, statusEvery: .seconds(max(1, statusEvery))) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
