import KafkaBroker
import LogStore
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle

extension KafkaBrokerConfiguration {
    /// The broker's settings from `broker:` in rivulet.yml.
    public init(_ config: RivuletConfiguration) {
        self.init(host: config.broker.listen.host, port: config.broker.listen.port)
        maxRequestBytes = config.broker.maxRequestBytes
        maxMessageBytes = config.broker.maxMessageBytes
        autoCreateTopics = config.broker.autoCreateTopics
        defaultPartitions = Int32(config.broker.defaultPartitions)
    }
}

/// The embedded log, its group coordinator and the Kafka-protocol broker, as services in the
/// order they must start (and, reversed, stop): the log closes last, after the broker has
/// drained its connections.
public struct BrokerServices: Sendable {
    public let store: LogStore
    public let coordinator: GroupCoordinator
    public let broker: KafkaBrokerService
    public let services: [any Service]

    public init(config: RivuletConfiguration, store: LogStore, logger: Logger) {
        self.store = store
        coordinator = GroupCoordinator(
            configuration: GroupCoordinatorConfiguration(initialRebalanceDelay: config.broker.groupInitialRebalanceDelay),
            offsetStore: store.consumerOffsets, logger: logger)
        broker = KafkaBrokerService(
            configuration: KafkaBrokerConfiguration(config), logStore: store, groups: coordinator, logger: logger)
        services = [
            LogStoreService(store: store, clock: ContinuousClock(), logger: logger),
            GroupCoordinatorService(coordinator),
            broker,
        ]
    }

    /// Refuses to start when the listen port is taken, before any data is touched (exit 2).
    public static func checkPort(_ config: RivuletConfiguration, flag: String) throws {
        let listen = config.broker.listen
        if PortProbe.isFree(host: listen.host, port: listen.port) == .inUse {
            throw RivuletError(
                .portInUse,
                "\(listen) is already in use; stop the other broker or pass \(flag) with a free port")
        }
    }
}
