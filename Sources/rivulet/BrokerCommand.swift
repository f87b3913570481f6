import ArgumentParser
import Foundation
import LogStore
import Logging
import RivuletApp
import RivuletConfig
import ServiceLifecycle

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker", abstract: "Only the Kafka-protocol broker over the embedded log.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on (default: broker.listen, 127.0.0.1:9092).")
    var listen: String?

    func run() async throws {
        var overrides = ConfigOverrides(brokerListen: listen)
        overrides.flagNames.brokerListen = "--listen"
        let config = try global.load(overrides)
        try BrokerServices.checkPort(config, flag: "--listen")
        let logger = Logger(label: "rivulet")
        let store = try LogStore.open(for: config)
        let parts = BrokerServices(config: config, store: store, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: parts.services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let address = try await parts.broker.listeningAddress()
                // Written unbuffered: scripts and tests wait for this line.
                FileHandle.standardOutput.write(Data("listening on \(address.host):\(address.port)\n".utf8))
            }
            try await tasks.waitForAll()
        }
    }
}
