import KafkaProtocol
import Logging

/// The client's view of a cluster: one negotiated connection per broker (created on first
/// use, shared by all callers, reconnected with backoff after a failure), the metadata cache,
/// and the group coordinators found so far. Producer, consumer and admin each own one.
actor KafkaCluster {
    private enum Slot {
        case ready(BrokerConnection)
        case connecting([CheckedContinuation<BrokerConnection, any Error>])
    }

    let configuration: KafkaClientConfiguration
    let logger: Logger
    let clock: any Clock<Duration>
    private(set) var metadata = MetadataCache()
    private var metadataRefreshedAt: ContinuousClock.Instant?
    private var slots: [BrokerAddress: Slot] = [:]
    private var failures: [BrokerAddress: Int] = [:]
    private var coordinators: [String: BrokerAddress] = [:]
    private var lastGood: BrokerAddress?
    private var isClosed = false
    private let backoff: ReconnectBackoff

    init(configuration: KafkaClientConfiguration, logger: Logger, clock: any Clock<Duration>) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.backoff = ReconnectBackoff(base: configuration.reconnectBackoff, max: configuration.reconnectBackoffMax)
    }

    // MARK: connections

    func connection(to address: BrokerAddress) async throws(KafkaClientError) -> BrokerConnection {
        guard !isClosed else { throw KafkaClientError(.closed, "the Kafka client is closed") }
        switch slots[address] {
        case .ready(let connection) where connection.isActive:
            return connection
        case .connecting:
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    if case .connecting(var waiters) = slots[address] {
                        waiters.append(continuation)
                        slots[address] = .connecting(waiters)
                    } else if case .ready(let connection) = slots[address] {
                        continuation.resume(returning: connection)
                    } else {
                        continuation.resume(throwing: KafkaClientError(.connectionFailed, "connect to \(address) failed"))
                    }
                }
            } catch {
                throw KafkaClientError.wrap(error, "connecting to \(address)")
            }
        default:
            return try await connectNow(to: address)
        }
    }

    private func connectNow(to address: BrokerAddress) async throws(KafkaClientError) -> BrokerConnection {
        slots[address] = .connecting([])
        let result: Result<BrokerConnection, KafkaClientError>
        do {
            let failed = failures[address, default: 0]
            if failed > 0 {
                try? await sleep(on: clock, for: backoff.delay(afterFailures: failed, jitter: Double.random(in: 0...1)))
            }
            result = .success(
                try await BrokerConnection.connect(to: address, configuration: configuration, clock: clock))
        } catch {
            result = .failure(error)
        }
        var waiters: [CheckedContinuation<BrokerConnection, any Error>] = []
        if case .connecting(let w) = slots[address] { waiters = w }
        switch result {
        case .success(let connection) where !isClosed:
            slots[address] = .ready(connection)
            failures[address] = 0
            for waiter in waiters { waiter.resume(returning: connection) }
            logger.debug("connected", metadata: ["broker": "\(address)"])
            return connection
        case .success(let connection):
            connection.close()
            slots[address] = nil
            let error = KafkaClientError(.closed, "the Kafka client is closed")
            for waiter in waiters { waiter.resume(throwing: error) }
            throw error
        case .failure(let error):
            slots[address] = nil
            failures[address, default: 0] += 1
            for waiter in waiters { waiter.resume(throwing: error) }
            logger.debug("connect failed", metadata: ["broker": "\(address)", "error": "\(error)"])
            throw error
        }
    }

    func connection(node: Int32) async throws(KafkaClientError) -> BrokerConnection {
        if metadata.brokers[node] == nil { _ = try await refreshMetadata(topics: []) }
        guard let broker = metadata.brokers[node] else {
            throw KafkaClientError(.connectionFailed, "broker node \(node) is not in the cluster metadata")
        }
        return try await connection(to: broker.address)
    }

    /// Any reachable broker: the last one that worked, then known brokers, then the bootstrap list.
    func anyConnection() async throws(KafkaClientError) -> BrokerConnection {
        var candidates: [BrokerAddress] = []
        if let lastGood { candidates.append(lastGood) }
        candidates += metadata.brokers.values.sorted { $0.nodeID < $1.nodeID }.map(\.address)
        candidates += configuration.bootstrapServers
        var seen: Set<BrokerAddress> = []
        var lastError = KafkaClientError(.connectionFailed, "no broker address to connect to")
        for address in candidates where seen.insert(address).inserted {
            do {
                let connection = try await connection(to: address)
                lastGood = address
                return connection
            } catch {
                if error.code == .closed { throw error }
                lastError = error
            }
        }
        throw KafkaClientError(
            .connectionFailed,
            "could not reach any broker (tried \(seen.map(\.description).sorted().joined(separator: ", ")))",
            cause: lastError)
    }

    // MARK: metadata

    /// Asks any broker for metadata of `topics` (nil: every topic) and merges it.
    @discardableResult
    func refreshMetadata(topics: [String]?, allowAutoTopicCreation: Bool = false) async throws(KafkaClientError)
        -> MetadataCache
    {
        let connection = try await anyConnection()
        let request = MetadataRequest(
            topics: topics.map { $0.map { MetadataRequest.MetadataRequestTopic(name: $0) } },
            allowAutoTopicCreation: allowAutoTopicCreation)
        let response = try await connection.send(request)
        metadata.update(from: response, allTopics: topics == nil)
        metadataRefreshedAt = .now
        return metadata
    }

    /// Cached metadata for `topics`, refreshed when a topic is missing or the cache is stale.
    func metadata(for topics: [String], allowAutoTopicCreation: Bool = false) async throws(KafkaClientError)
        -> MetadataCache
    {
        let stale = metadataRefreshedAt.map { $0.duration(to: .now) > configuration.metadataMaxAge } ?? true
        if stale || topics.contains(where: { metadata.partitionCount(of: $0) == nil }) {
            return try await refreshMetadata(topics: topics, allowAutoTopicCreation: allowAutoTopicCreation)
        }
        return metadata
    }

    func leaderConnection(for tp: TopicPartition) async throws(KafkaClientError) -> BrokerConnection {
        var leader = metadata.leader(of: tp)
        if leader == nil {
            leader = try await refreshMetadata(topics: [tp.topic]).leader(of: tp)
        }
        guard let leader else {
            throw KafkaClientError(.unknownTopicOrPartition, "no leader known for \(tp)")
        }
        return try await connection(to: leader.address)
    }

    // MARK: coordinators

    /// The group coordinator of `group` (FindCoordinator, cached until `forgetCoordinator`).
    func coordinator(group: String) async throws(KafkaClientError) -> BrokerConnection {
        if let address = coordinators[group] { return try await connection(to: address) }
        let connection = try await anyConnection()
        let version = try connection.version(of: .findCoordinator)
        var request = FindCoordinatorRequest(key: group, keyType: 0)
        if version >= 4 { request.coordinatorKeys = [group] }
        let response = try await connection.send(request)
        let address: BrokerAddress
        if version >= 4 {
            guard let entry = response.coordinators.first(where: { $0.key == group }) else {
                throw KafkaClientError(.protocolError, "FindCoordinator for group \(group) returned no coordinator")
            }
            try KafkaErrorCode(entry.errorCode).check("FindCoordinator for group \(group)", message: entry.errorMessage)
            address = BrokerAddress(host: entry.host, port: Int(entry.port))
        } else {
            try KafkaErrorCode(response.errorCode).check(
                "FindCoordinator for group \(group)", message: response.errorMessage)
            address = BrokerAddress(host: response.host, port: Int(response.port))
        }
        coordinators[group] = address
        return try await self.connection(to: address)
    }

    func forgetCoordinator(group: String) {
        coordinators[group] = nil
    }

    // MARK: lifecycle

    func close() {
        isClosed = true
        for (_, slot) in slots {
            if case .ready(let connection) = slot { connection.close() }
        }
        slots = [:]
    }
}

extension KafkaClientError {
    /// Keeps client errors as they are; anything else becomes `.connectionFailed` with a cause.
    static func wrap(_ error: any Error, _ context: String) -> KafkaClientError {
        if let error = error as? KafkaClientError { return error }
        if error is CancellationError { return KafkaClientError(.closed, "\(context): cancelled", cause: error) }
        return KafkaClientError(.connectionFailed, context, cause: error)
    }
}
