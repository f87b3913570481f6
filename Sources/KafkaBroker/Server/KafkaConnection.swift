import NIOCore

/// The async side's handle on one client connection: its requests in arrival order, and a
/// way to hand back each reply.
struct KafkaConnection: Sendable {
    let channel: any Channel
    let requests: AsyncStream<IncomingRequest>
    let handler: NIOLoopBound<KafkaConnectionHandler>

    /// Hands the reply to request `sequence` to the event loop, which writes it when its turn comes.
    func complete(_ sequence: UInt64, _ reply: ConnectionReply) {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.deliver(sequence, reply) }
    }
}
