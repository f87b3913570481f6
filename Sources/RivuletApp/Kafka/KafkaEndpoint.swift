import KafkaClient
import RivuletConfig
import RivuletCore

/// Where the Kafka CLI commands connect: `broker.bootstrap` when the config (or `--bootstrap`,
/// or `KAFKA_BOOTSTRAP`) names a remote cluster, else the embedded broker's `broker.listen`.
public enum KafkaEndpoint {
    public static func bootstrapServers(_ config: RivuletConfiguration) throws(RivuletError) -> [BrokerAddress] {
        if let remote = config.broker.bootstrap, !remote.isEmpty {
            return remote.map { BrokerAddress(host: $0.host, port: $0.port) }
        }
        let listen = config.broker.listen
        guard listen.port != 0 else {
            throw RivuletError(
                .invalidArgument, "broker.listen has port 0, so there is no fixed address to connect to; pass --bootstrap HOST:PORT")
        }
        // A wildcard listen address accepts loopback connections; it is not itself connectable.
        let host =
            switch listen.host {
            case "0.0.0.0", "": "127.0.0.1"
            case "::", "[::]": "::1"
            default: listen.host
            }
        return [BrokerAddress(host: host, port: listen.port)]
    }

    /// A client configuration for the CLI: identified as `rivulet-<command>` in broker logs
    /// and group listings.
    public static func clientConfiguration(
        _ config: RivuletConfiguration, command: String
    ) throws(RivuletError) -> KafkaClientConfiguration {
        var client = KafkaClientConfiguration(bootstrapServers: try bootstrapServers(config))
        client.clientID = "rivulet-\(command)"
        // A CLI user waits on the terminal; fail within seconds when nothing answers.
        client.connectTimeout = .seconds(5)
        client.requestTimeout = .seconds(15)
        return client
    }
}
