import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import KafkaBroker

/// The connection stops reading while its unanswered requests pass the count or byte cap,
/// and reads again once replies go out: a fast producer cannot park unbounded requests in
/// the broker's memory.
@Suite struct ConnectionBackPressureTests {
    /// Counts the reads that pass our handler towards the socket.
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = Any
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    @Test func readsPauseAtTheByteCapAndResumeWhenRepliesLeave() throws {
        let (stream, sink) = AsyncStream.makeStream(of: IncomingRequest.self)
        _ = stream
        let counter = ReadCounter()
        let handler = KafkaConnectionHandler(requests: sink, maxInFlight: 64, maxInFlightBytes: 100, logger: Logger(label: "test"))
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(counter)
        try channel.pipeline.syncOperations.addHandler(handler)
        defer { _ = try? channel.finish() }

        channel.read()
        #expect(counter.reads == 1)
        // One request of any size is read; two of 60 bytes pass the 100-byte cap.
        try channel.writeInbound(ByteBuffer(repeating: 1, count: 60))
        channel.read()
        #expect(counter.reads == 2)
        try channel.writeInbound(ByteBuffer(repeating: 2, count: 60))
        channel.read()
        #expect(counter.reads == 2)  // held

        handler.deliver(0, .frame(ByteBuffer(repeating: 9, count: 8)))
        #expect(counter.reads == 3)  // 60 bytes in flight: reading again
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self)?.readableBytes == 8)
    }
}
