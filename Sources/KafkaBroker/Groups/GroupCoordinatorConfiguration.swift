/// Settings of the consumer-group coordinator.
///
/// The defaults follow Apache Kafka's broker settings except `initialRebalanceDelay`: Kafka
/// waits 3 s (`group.initial.rebalance.delay.ms`) so that a fleet of consumers starting together
/// lands in one generation; an embedded broker usually serves one or two local consumers, which
/// would then wait for nothing, so the default is zero.
public struct GroupCoordinatorConfiguration: Hashable, Sendable {
    /// How long the first rebalance of an empty group waits for more members before it
    /// completes (`group.initial.rebalance.delay.ms`). Extended by the same delay while new
    /// members keep arriving, never past the group's rebalance timeout.
    public var initialRebalanceDelay: Duration = .zero
    /// Smallest session timeout a member may ask for (`group.min.session.timeout.ms`).
    public var minSessionTimeout: Duration = .seconds(6)
    /// Largest session timeout a member may ask for (`group.max.session.timeout.ms`).
    public var maxSessionTimeout: Duration = .seconds(30 * 60)
    /// Largest metadata string stored with a committed offset (`offset.metadata.max.bytes`).
    public var maxOffsetMetadataBytes: Int = 4096

    public init(
        initialRebalanceDelay: Duration = .zero,
        minSessionTimeout: Duration = .seconds(6),
        maxSessionTimeout: Duration = .seconds(30 * 60),
        maxOffsetMetadataBytes: Int = 4096
    ) {
        self.initialRebalanceDelay = initialRebalanceDelay
        self.minSessionTimeout = minSessionTimeout
        self.maxSessionTimeout = maxSessionTimeout
        self.maxOffsetMetadataBytes = maxOffsetMetadataBytes
    }
}
