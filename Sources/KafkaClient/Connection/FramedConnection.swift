import KafkaProtocol
import NIOCore
import NIOPosix

/// One TCP connection to a broker: writes length-prefixed requests with fresh correlation
/// IDs and matches responses to them, with any number of requests in flight (pipelining).
/// Versions are chosen by the caller; `BrokerConnection` adds negotiation on top.
///
/// A request that times out fails with `.timeout` and closes the connection, as Kafka's
/// clients do: the stream's later responses can no longer be trusted to line up with what
/// the caller thinks is pending (and for produce, ordering would be lost anyway).
final class FramedConnection: Sendable {
    let address: BrokerAddress
    let clientID: String
    private let channel: any Channel
    private let router: ResponseRouter
    private let clock: any Clock<Duration>

    private init(
        address: BrokerAddress, clientID: String, channel: any Channel, router: ResponseRouter,
        clock: any Clock<Duration>
    ) {
        self.address = address
        self.clientID = clientID
        self.channel = channel
        self.router = router
        self.clock = clock
    }

    static func connect(
        to address: BrokerAddress, configuration: KafkaClientConfiguration, clock: any Clock<Duration>
    ) async throws(KafkaClientError) -> FramedConnection {
        let router = ResponseRouter(description: address.description)
        let maxFrameBytes = configuration.maxResponseBytes
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(configuration.connectTimeout.wholeMilliseconds))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            // Reads grow to 1 MiB, a partition's share of a Fetch, instead of NIO's 64 KiB.
            .channelOption(
                ChannelOptions.recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16 * 1024, maximum: 1024 * 1024))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        KafkaResponseHandler(router: router, maxFrameBytes: maxFrameBytes))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: address.host, port: address.port).get()
            return FramedConnection(
                address: address, clientID: configuration.clientID, channel: channel, router: router, clock: clock)
        } catch {
            throw KafkaClientError(.connectionFailed, "could not connect to broker \(address)", cause: error)
        }
    }

    var isActive: Bool { !router.isClosed && channel.isActive }

    /// Encodes and writes the request now (so calls made in order hit the wire in order) and
    /// returns a handle to await its response.
    func write<R: KafkaRequest>(_ request: R, version: Int16) throws(KafkaClientError) -> InFlightRequest<R.Response> {
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let correlationID: Int32
        do {
            correlationID = try router.register(promise)
        } catch {
            promise.fail(error)
            throw error
        }
        channel.writeAndFlush(encode(request, version: version, correlationID: correlationID), promise: nil)
        return InFlightRequest(
            connection: self, correlationID: correlationID, version: version, future: promise.futureResult)
    }

    /// Writes a request the broker will not answer (Produce with acks=0).
    func writeWithoutResponse<R: KafkaRequest>(_ request: R, version: Int16) throws(KafkaClientError) {
        let correlationID = try router.register(nil)
        channel.writeAndFlush(encode(request, version: version, correlationID: correlationID), promise: nil)
    }

    func send<R: KafkaRequest>(
        _ request: R, version: Int16, timeout: Duration
    ) async throws(KafkaClientError) -> R.Response {
        try await write(request, version: version).response(timeout: timeout)
    }

    private func encode<R: KafkaRequest>(_ request: R, version: Int16, correlationID: Int32) -> ByteBuffer {
        var body = channel.allocator.buffer(capacity: 256)
        let header = RequestHeader(apiKey: R.apiKey, apiVersion: version, correlationID: correlationID, clientID: clientID)
        header.encode(into: &body)
        request.encode(into: &body, version: version)
        var frame = channel.allocator.buffer(capacity: body.readableBytes + 4)
        KafkaFrameDecoder.writeFrame(body, into: &frame)
        return frame
    }

    /// Waits for a frame, failing the request and closing the connection after `timeout` on the injected clock.
    fileprivate func awaitFrame(
        _ future: EventLoopFuture<ByteBuffer>, correlationID: Int32, timeout: Duration
    ) async throws(KafkaClientError) -> ByteBuffer {
        let clock = self.clock
        do {
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await future.get() }
                group.addTask {
                    try await sleep(on: clock, for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                while let first = try await group.next() {
                    if let frame = first { return frame }
                    let error = KafkaClientError(
                        .timeout, "no response from \(address) within \(timeout) (correlation ID \(correlationID))")
                    router.fail(correlationID, error)
                    close()
                    throw error
                }
                throw KafkaClientError(.connectionFailed, "request to \(address) ended without a response")
            }
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError(.connectionFailed, "request to \(address) failed", cause: error)
        }
    }

    func close() {
        router.closed(KafkaClientError(.connectionFailed, "connection to \(address) was closed by the client"))
        channel.close(promise: nil)
    }
}

/// A written request whose response has not been awaited yet.
struct InFlightRequest<Response: KafkaResponse>: Sendable {
    let connection: FramedConnection
    let correlationID: Int32
    let version: Int16
    let future: EventLoopFuture<ByteBuffer>

    func response(timeout: Duration) async throws(KafkaClientError) -> Response {
        var frame = try await connection.awaitFrame(future, correlationID: correlationID, timeout: timeout)
        do {
            let headerVersion = Response.apiKey.responseHeaderVersion(apiVersion: version)
            _ = try ResponseHeader.decode(from: &frame, headerVersion: headerVersion)
            return try Response.decode(from: &frame, version: version)
        } catch {
            connection.close()
            throw KafkaClientError(
                .protocolError, "\(Response.apiKey) v\(version) response from \(connection.address) does not decode",
                cause: error)
        }
    }

    /// The raw frame after the header, for callers that decode leniently (ApiVersions).
    func rawBody(timeout: Duration) async throws(KafkaClientError) -> ByteBuffer {
        var frame = try await connection.awaitFrame(future, correlationID: correlationID, timeout: timeout)
        _ = frame.readInteger(as: Int32.self)
        return frame
    }
}

/// Sleeps on an injected clock of any kind.
func sleep<C: Clock<Duration>>(on clock: C, for duration: Duration) async throws {
    try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil)
}

extension Duration {
    /// Whole milliseconds, saturating at Int64's range.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? Int64.min : Int64.max) : ms + attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds for a protocol field (Int32), clamped.
    var int32Milliseconds: Int32 { Int32(clamping: wholeMilliseconds) }
}
