import KafkaProtocol
import LogStore
import Logging
import NIOCore
import NIOPosix
import RivuletCore
import ServiceLifecycle

/// The Kafka-protocol broker over a `LogStore`, as a `Service`: `run()` binds, serves until
/// graceful shutdown or cancellation, then closes the listening socket and every connection
/// and returns once all request work has drained.
///
/// Each connection is served by one child task of `run()`'s task group: it routes requests
/// in arrival order (so that appends keep the client's order) and lets waiting work (parked
/// fetches, fsyncs) overlap in grandchild tasks; the event loop writes replies back in
/// request order. No unstructured tasks.
public final class KafkaBrokerService: Service, Sendable {
    public let configuration: KafkaBrokerConfiguration
    private let context: BrokerContext
    private let router: KafkaRequestRouter
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let registry = ConnectionRegistry()
    private let listening = ListeningState()

    /// - Parameters:
    ///   - groups: the group coordinator; without one, group and offset APIs are not offered.
    ///   - clock: measures Fetch waits (tests pass a `ManualClock`).
    ///   - wallClock: seeds producer IDs.
    public init(
        configuration: KafkaBrokerConfiguration,
        logStore: LogStore,
        groups: (any GroupAPIHandling)? = nil,
        clock: any Clock<Duration> = ContinuousClock(),
        wallClock: any WallClock = SystemWallClock(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "rivulet.broker")
    ) {
        self.configuration = configuration
        self.context = BrokerContext(
            configuration: configuration, logStore: logStore, groups: groups, clock: clock, wallClock: wallClock,
            logger: logger)
        self.router = KafkaRequestRouter(context: context)
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// The address the listening socket is bound to, once it is; throws if `run()` failed
    /// to bind or already stopped.
    public func listeningAddress() async throws -> BrokerEndpoint {
        try await listening.wait()
    }

    /// The address clients are told to connect to (Metadata, FindCoordinator).
    public var advertisedAddress: BrokerEndpoint { context.endpoint }

    /// Open client connections (for tests and the dashboard).
    public var connectionCount: Int { registry.count }

    public func run() async throws {
        let (connections, sink) = AsyncStream.makeStream(of: KafkaConnection.self)
        let server: any Channel
        do {
            server = try await bind(sink)
        } catch {
            let failure = KafkaBrokerError(
                .bindFailed, "cannot listen on \(configuration.host):\(configuration.port); is another broker running there?",
                cause: error)
            listening.stopped(failure)
            throw failure
        }
        server.closeFuture.whenComplete { _ in sink.finish() }
        let bound = BrokerEndpoint(host: configuration.host, port: server.localAddress?.port ?? configuration.port)
        context.didBind(host: bound.host, port: bound.port)
        logger.info("Kafka broker listening", metadata: ["address": "\(bound.host):\(bound.port)"])
        listening.listening(bound)

        let registry = self.registry
        let stop: @Sendable () -> Void = {
            server.close(promise: nil)
            registry.closeAll()
        }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    for await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            } onGracefulShutdown: {
                stop()
            }
        } onCancel: {
            stop()
        }
        stop()
        listening.stopped(KafkaBrokerError(.notListening, "the broker has stopped"))
        logger.info("Kafka broker stopped")
    }

    private func bind(_ sink: AsyncStream<KafkaConnection>.Continuation) async throws -> any Channel {
        let maxFrameBytes = Int(clamping: configuration.maxRequestBytes.rawValue)
        let maxInFlight = configuration.maxInFlightRequestsPerConnection
        let maxInFlightBytes = Int(clamping: configuration.maxInFlightBytesPerConnection.rawValue)
        let registry = self.registry
        let logger = self.logger
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // Reads grow to 1 MiB, the size of a full producer request, instead of NIO's 64 KiB.
            .childChannelOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16 * 1024, maximum: 1024 * 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let (requests, requestSink) = AsyncStream.makeStream(of: IncomingRequest.self)
                    let handler = KafkaConnectionHandler(
                        requests: requestSink, maxInFlight: maxInFlight, maxInFlightBytes: maxInFlightBytes, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(KafkaFrameHandler(maxFrameBytes: maxFrameBytes, logger: logger))
                    try channel.pipeline.syncOperations.addHandler(handler)
                    let connection = KafkaConnection(
                        channel: channel, requests: requests, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
                    guard registry.add(channel) else {
                        channel.close(promise: nil)
                        return
                    }
                    channel.closeFuture.whenComplete { _ in registry.remove(channel) }
                    if case .terminated = sink.yield(connection) { channel.close(promise: nil) }
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
    }

    /// Serves one connection until it closes: routes requests in order, lets pending work
    /// overlap, and stops reading after a request that closes the connection.
    private func serve(_ connection: KafkaConnection) async {
        let host = connection.channel.remoteAddress?.ipAddress.map { "/" + $0 } ?? ""
        await GroupRequestContext.$current.withValue(GroupRequestContext(clientHost: host)) {
            await serveRequests(connection)
        }
    }

    private func serveRequests(_ connection: KafkaConnection) async {
        await withDiscardingTaskGroup { group in
            for await request in connection.requests {
                switch await router.route(request.frame) {
                case .finished(let reply):
                    connection.complete(request.sequence, reply)
                    if case .close = reply { break }
                case .pending(let work):
                    group.addTask { connection.complete(request.sequence, await work()) }
                }
            }
            // The client is gone (or being closed): nobody will read what parked work produces.
            group.cancelAll()
        }
    }
}
