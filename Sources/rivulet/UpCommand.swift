import ArgumentParser
import Foundation
import RivuletApp
import RivuletConfig

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Broker, simulators, pipelines and dashboard in one process; Ctrl-C stops cleanly.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("broker-listen"), help: "Kafka listener (default: broker.listen).") var brokerListen: String?
    @Option(name: .customLong("dashboard-listen"), help: "Dashboard address (default: dashboard.listen).") var dashboardListen: String?
    @Option(name: .customLong("status-every"), help: "Seconds between status lines.") var statusEvery: Int = 5

    func run() async throws {
        let config = try global.load(ConfigOverrides(brokerListen: brokerListen, dashboardListen: dashboardListen))
        try await UpRunner.run(config: config, statusEvery: .seconds(statusEvery)) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
