import NIOCore

/// What a connection sends back for one request, in that request's place in the order.
enum ConnectionReply: Sendable {
    /// A size-prefixed response frame.
    case frame(ByteBuffer)
    /// One size-prefixed response frame in parts, written back to back (a Fetch response
    /// whose record bytes are not copied).
    case gathered([ByteBuffer])
    /// Nothing: acks=0 produce.
    case none
    /// Close the connection once every earlier reply is written (Kafka's answer to requests
    /// it cannot parse or does not serve).
    case close(reason: String)
}

/// A routed request: answered during routing, or with work still to do that may overlap
/// later requests of the same connection (a Fetch parked for data, an fsync for acks=all).
enum RoutedRequest: Sendable {
    case finished(ConnectionReply)
    case pending(@Sendable () async -> ConnectionReply)
}
