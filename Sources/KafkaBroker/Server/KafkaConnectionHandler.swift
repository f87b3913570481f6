import Logging
import NIOCore

/// One request frame read from a connection, numbered in arrival order.
struct IncomingRequest: Sendable {
    let sequence: UInt64
    let frame: ByteBuffer
}

/// The connection's end on the event loop: numbers request frames and hands them to the
/// async side through an `AsyncStream`, writes replies back in request order, and stops
/// reading while too many requests are unanswered (back-pressure instead of buffering).
///
/// Ownership: every property is touched on the channel's event loop only; the async side
/// reaches `deliver` through `KafkaConnection.complete`, which hops onto the loop.
final class KafkaConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let requests: AsyncStream<IncomingRequest>.Continuation
    private let maxInFlight: Int
    private let maxInFlightBytes: Int
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var sequencer = ResponseSequencer<ConnectionReply>()
    private var nextSequence: UInt64 = 0
    /// Sizes of unanswered requests, oldest first (replies leave in the same order).
    private var inFlightSizes = CircularBuffer<Int>()
    private var inFlightBytes = 0
    private var readHeld = false
    private var closing = false
    private var flushScheduled = false

    init(requests: AsyncStream<IncomingRequest>.Continuation, maxInFlight: Int, maxInFlightBytes: Int, logger: Logger) {
        self.requests = requests
        self.maxInFlight = max(1, maxInFlight)
        self.maxInFlightBytes = max(1, maxInFlightBytes)
        self.logger = logger
    }

    private var saturated: Bool { inFlightSizes.count >= maxInFlight || inFlightBytes >= maxInFlightBytes }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        requests.finish()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let frame = unwrapInboundIn(data)
        let request = IncomingRequest(sequence: nextSequence, frame: frame)
        nextSequence += 1
        inFlightSizes.append(frame.readableBytes)
        inFlightBytes += frame.readableBytes
        if case .terminated = requests.yield(request) {
            closing = true
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        requests.finish()
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        if saturated {
            readHeld = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("Kafka connection error", metadata: ["peer": "\(peer(context))", "error": "\(error)"])
        closing = true
        context.close(promise: nil)
    }

    /// Called on the event loop with the reply to request `sequence`.
    func deliver(_ sequence: UInt64, _ reply: ConnectionReply) {
        guard let context, !closing else { return }
        var wrote = false
        for ready in sequencer.complete(sequence, reply) {
            if let size = inFlightSizes.popFirst() { inFlightBytes -= size }
            switch ready {
            case .frame(let bytes):
                context.write(wrapOutboundOut(bytes), promise: nil)
                wrote = true
            case .gathered(let parts):
                for part in parts { context.write(wrapOutboundOut(part), promise: nil) }
                wrote = true
            case .none:
                break
            case .close(let reason):
                logger.info("closing Kafka connection", metadata: ["peer": "\(peer(context))", "reason": "\(reason)"])
                closing = true
                if wrote { context.flush() }
                context.close(promise: nil)
                return
            }
        }
        if wrote { scheduleFlush(context) }
        if readHeld, !saturated {
            readHeld = false
            context.read()
        }
    }

    /// Replies that complete in the same event-loop tick (pipelined requests) share one flush,
    /// and so one write system call, instead of one each.
    private func scheduleFlush(_ context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute {
            self.flushScheduled = false
            self.context?.flush()
        }
    }

    private func peer(_ context: ChannelHandlerContext) -> String {
        context.remoteAddress.map { "\($0)" } ?? "?"
    }
}
