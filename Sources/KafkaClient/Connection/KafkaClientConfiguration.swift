/// What every client (producer, consumer, admin) needs to reach a cluster.
public struct KafkaClientConfiguration: Sendable {
    /// Where to ask for metadata first; after that the client talks to the brokers metadata names.
    public var bootstrapServers: [BrokerAddress]
    /// Sent in every request header; brokers log it and use it for quotas.
    public var clientID: String = "rivulet"
    /// How long to wait for any response before failing the request and closing the connection.
    public var requestTimeout: Duration = .seconds(30)
    public var connectTimeout: Duration = .seconds(10)
    /// First delay before reconnecting to a broker that failed; doubles up to `reconnectBackoffMax`.
    public var reconnectBackoff: Duration = .milliseconds(50)
    public var reconnectBackoffMax: Duration = .seconds(1)
    /// Cached metadata older than this is refreshed before use.
    public var metadataMaxAge: Duration = .seconds(300)
    /// Largest response frame accepted; a larger size prefix closes the connection.
    public var maxResponseBytes: Int = 100 * 1024 * 1024

    public init(bootstrapServers: [BrokerAddress]) {
        self.bootstrapServers = bootstrapServers
    }

    /// From a comma-separated `host:port` list.
    public init(bootstrap: String) throws(KafkaClientError) {
        self.init(bootstrapServers: try BrokerAddress.parseList(bootstrap))
    }
}
