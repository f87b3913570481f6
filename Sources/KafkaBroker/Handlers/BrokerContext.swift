import KafkaProtocol
import LogStore
import Logging
import RivuletCore
import Synchronization

/// Where clients reach this broker, as written into Metadata and FindCoordinator answers.
public struct BrokerEndpoint: Hashable, Sendable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}

/// Everything the API handlers share: the log, settings, time, producer state and the
/// address to advertise. Handlers are small value types over this one reference.
///
/// Ownership: the log and the producer table are thread-safe themselves; the advertised
/// endpoint is written once by the service after binding and read by every Metadata request.
final class BrokerContext: Sendable {
    let configuration: KafkaBrokerConfiguration
    let logStore: LogStore
    let groups: (any GroupAPIHandling)?
    let clock: any Clock<Duration>
    let wallClock: any WallClock
    let logger: Logger
    let producerStates: ProducerStateTable
    let producerIDs: ProducerIDAllocator
    private let endpointStorage: Mutex<BrokerEndpoint>

    init(
        configuration: KafkaBrokerConfiguration, logStore: LogStore, groups: (any GroupAPIHandling)?,
        clock: any Clock<Duration>, wallClock: any WallClock, logger: Logger
    ) {
        self.configuration = configuration
        self.logStore = logStore
        self.groups = groups
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.producerStates = ProducerStateTable(logger: logger)
        self.producerIDs = ProducerIDAllocator(startingAt: wallClock.wallTime())
        self.endpointStorage = Mutex(
            BrokerEndpoint(
                host: configuration.advertisedHost ?? configuration.host,
                port: configuration.advertisedPort ?? configuration.port))
    }

    var nodeID: Int32 { configuration.nodeID }

    var endpoint: BrokerEndpoint { endpointStorage.withLock { $0 } }

    /// Called once the socket is bound: port 0 becomes the real port unless one is advertised.
    func didBind(host: String, port: Int) {
        endpointStorage.withLock { endpoint in
            endpoint = BrokerEndpoint(
                host: configuration.advertisedHost ?? Self.reachableHost(host),
                port: configuration.advertisedPort ?? port)
        }
    }

    /// A wildcard bind address is no address a client can connect to.
    static func reachableHost(_ host: String) -> String {
        host == "0.0.0.0" || host == "::" || host.isEmpty ? "127.0.0.1" : host
    }

    var maxMessageBytes: Int { Int(clamping: configuration.maxMessageBytes.rawValue) }
}
