import KafkaProtocol
import LogStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TestSupport

@testable import KafkaBroker

/// Splits response bytes into frames (without the size prefix).
struct ResponseFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self),
            buffer.readableBytes >= 4 + Int(size)
        else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(size))!))
        return .continue
    }
}

struct TestClientError: Error, CustomStringConvertible {
    var description: String
}

/// A minimal Kafka client for tests: writes framed requests encoded with the KafkaProtocol
/// codecs and reads responses in order.
final class TestKafkaClient {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var nextCorrelationID: Int32 = 1

    init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    static func connect(port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ResponseFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    static func with<T>(port: Int, _ body: (TestKafkaClient) async throws -> T) async throws -> T {
        let channel = try await connect(port: port)
        return try await channel.executeThenClose { inbound, outbound in
            try await body(TestKafkaClient(inbound: inbound, outbound: outbound))
        }
    }

    static func frame<R: KafkaRequest>(_ request: R, version: Int16, correlationID: Int32) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(0))
        RequestHeader(apiKey: R.apiKey, apiVersion: version, correlationID: correlationID, clientID: "rivulet-test")
            .encode(into: &buffer)
        request.encode(into: &buffer, version: version)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: 0)
        return buffer
    }

    /// Writes a request and returns its correlation ID.
    @discardableResult
    func write<R: KafkaRequest>(_ request: R, version: Int16) async throws -> Int32 {
        let id = nextCorrelationID
        nextCorrelationID += 1
        try await outbound.write(Self.frame(request, version: version, correlationID: id))
        return id
    }

    func writeRaw(_ bytes: ByteBuffer) async throws {
        try await outbound.write(bytes)
    }

    /// The next response frame, or nil when the broker closed the connection.
    func readFrame() async throws -> ByteBuffer? {
        try await inbound.next()
    }

    func read<R: KafkaResponse>(_ type: R.Type, version: Int16, correlationID: Int32) async throws -> R {
        guard var frame = try await readFrame() else { throw TestClientError(description: "connection closed") }
        let header = try ResponseHeader.decode(from: &frame, headerVersion: R.apiKey.responseHeaderVersion(apiVersion: version))
        guard header.correlationID == correlationID else {
            throw TestClientError(description: "expected correlation ID \(correlationID), got \(header.correlationID)")
        }
        return try R.decode(from: &frame, version: version)
    }

    func send<R: KafkaRequest>(_ request: R, version: Int16) async throws -> R.Response {
        let id = try await write(request, version: version)
        return try await read(R.Response.self, version: version, correlationID: id)
    }
}

/// Runs a broker service on 127.0.0.1 and an ephemeral port around `body`.
func withRunningBroker<T: Sendable>(
    configure: (inout KafkaBrokerConfiguration) -> Void = { _ in },
    directory existing: TemporaryDirectory? = nil,
    logger: Logger = quietLogger,
    fsync: FsyncPolicy = .groupCommit,
    _ body: @Sendable (KafkaBrokerService, Int, LogStore) async throws -> T
) async throws -> T {
    let directory = try existing ?? TemporaryDirectory(prefix: "rivulet-broker-e2e")
    defer { if existing == nil { directory.remove() } }
    var logConfiguration = LogStoreConfiguration(directory: directory.file("log"))
    logConfiguration.fsync = fsync
    let store = try LogStore.open(logConfiguration)
    defer { try? store.close() }
    var configuration = KafkaBrokerConfiguration(host: "127.0.0.1", port: 0)
    configure(&configuration)
    let service = KafkaBrokerService(configuration: configuration, logStore: store, logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await service.run()
            return nil
        }
        let address = try await service.listeningAddress()
        let result = try await body(service, address.port, store)
        group.cancelAll()
        while try await group.next() != nil {}
        return result
    }
}
