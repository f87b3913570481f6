import ArgumentParser
import KafkaClient
import Logging
import RivuletApp
import RivuletConfig

/// `--bootstrap` and the global options, shared by the Kafka CLI commands (topics, consume,
/// groups, produce), which work against our broker and any Kafka-protocol broker.
struct KafkaOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(help: "Brokers to connect to, host:port[,host:port] (default: broker.bootstrap, else broker.listen).")
    var bootstrap: String?

    /// The effective config and a client configuration for `command`.
    func load(command: String) throws -> (RivuletConfiguration, KafkaClientConfiguration) {
        try Self.load(global, bootstrap: bootstrap, command: command)
    }

    static func load(
        _ global: GlobalOptions, bootstrap: String?, command: String
    ) throws -> (RivuletConfiguration, KafkaClientConfiguration) {
        let config = try global.load(ConfigOverrides(bootstrap: bootstrap))
        return (config, try KafkaEndpoint.clientConfiguration(config, command: command))
    }

    var logger: Logger { Self.logger }

    /// Warnings and errors only: the commands' output is their records and tables.
    static var logger: Logger {
        var logger = Logger(label: "rivulet")
        logger.logLevel = .warning
        return logger
    }
}
