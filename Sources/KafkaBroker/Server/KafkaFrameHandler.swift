import KafkaProtocol
import Logging
import NIOCore

/// Cuts the byte stream into request frames with `KafkaFrameDecoder`. A size prefix that is
/// negative or above the cap closes the connection at once: nothing after it can be trusted,
/// and nothing is buffered on its strength.
final class KafkaFrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var decoder: KafkaFrameDecoder
    private let logger: Logger
    private var failed = false

    init(maxFrameBytes: Int, logger: Logger) {
        self.decoder = KafkaFrameDecoder(maxFrameBytes: maxFrameBytes)
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        decoder.append(unwrapInboundIn(data))
        do {
            while let frame = try decoder.nextFrame() {
                context.fireChannelRead(wrapInboundOut(frame))
            }
        } catch {
            failed = true
            logger.info(
                "closing Kafka connection: bad frame",
                metadata: ["peer": "\(context.remoteAddress.map { "\($0)" } ?? "?")", "error": "\(error)"])
            context.close(promise: nil)
        }
    }
}
