import RivuletCore

/// Settings of the Kafka-protocol broker. Defaults match DESIGN §2's `broker:` section; the
/// executable maps `rivulet.yml` onto this once.
public struct KafkaBrokerConfiguration: Sendable {
    /// Interface to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free one (tests), reported by `KafkaBrokerService.listeningAddress()`.
    public var port: Int
    /// Host and port written into Metadata, FindCoordinator and DescribeCluster. Nil means the
    /// bound address, which is right unless clients reach us through NAT or a proxy.
    public var advertisedHost: String?
    public var advertisedPort: Int?
    /// This broker's node ID; a single node is its own controller and every partition's leader.
    public var nodeID: Int32 = 0
    public var clusterID: String = "rivulet-embedded-cluster"
    /// Largest request frame accepted; a larger size prefix closes the connection before
    /// anything is buffered (Kafka's socket.request.max.bytes).
    public var maxRequestBytes: ByteCount = .mebibytes(100)
    /// Largest record batch accepted in a Produce (Kafka's max.message.bytes).
    public var maxMessageBytes: ByteCount = .mebibytes(1)
    /// Create unknown topics on Produce and on Metadata requests that allow it.
    public var autoCreateTopics = true
    /// Partitions of topics created automatically or with `numPartitions = -1`.
    public var defaultPartitions: Int32 = 3
    /// Upper bound on a Fetch's `maxWaitMs`, so that a client cannot park a request for hours
    /// and shutdown never waits longer than this for a parked Fetch.
    public var fetchMaxWait: Duration = .seconds(30)
    /// Requests read from one connection but not yet answered; beyond this the connection
    /// stops reading (back-pressure) until responses go out.
    public var maxInFlightRequestsPerConnection = 64
    /// Bytes of requests read from one connection but not yet answered; beyond this the
    /// connection stops reading. A producer with many requests in flight (librdkafka allows a
    /// million) otherwise parks up to `maxInFlightRequestsPerConnection` full requests in memory
    /// whenever the disk is slower than the socket. One request of any size up to
    /// `maxRequestBytes` is always read.
    public var maxInFlightBytesPerConnection: ByteCount = .mebibytes(8)

    public init(host: String = "127.0.0.1", port: Int = 9092) {
        self.host = host
        self.port = port
    }
}
