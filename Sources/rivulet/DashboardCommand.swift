import ArgumentParser
import Foundation
import RivuletApp
import RivuletConfig

/// `rivulet dashboard [--listen HOST:PORT]`: the live page over an existing data directory,
/// until SIGINT/SIGTERM.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Serve the live dashboard over an existing data directory.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to serve on (default: dashboard.listen, 127.0.0.1:5000).") var listen: String?

    func run() async throws {
        let config = try global.load(ConfigOverrides(dashboardListen: listen))
        try await DashboardRunner.run(
            config: config,
            warn: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
            listening: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) })
    }
}
