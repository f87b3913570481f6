/// What the dashboard shows, supplied by the app layer so that this target depends on
/// RivuletCore only (DESIGN §4). `rivulet up` fills it from the live log, pipelines and lake;
/// `rivulet dashboard` from files in the data directory.
///
/// Calls come from request handlers on any task, so implementations must be cheap and
/// thread-safe; none of them may block on the log's writer.
public protocol DashboardDataSource: Sendable {
    /// The seed's `latest.json` bytes exactly as written; nil before the first snapshot.
    func latestDocument() async -> [UInt8]?

    /// One element per new snapshot document (the bytes `latestDocument()` would return next).
    /// The dashboard consumes this once, in `DashboardService.run()`, and fans it out to SSE
    /// clients; finishing it ends their streams.
    func documentUpdates() -> AsyncStream<[UInt8]>

    /// Counters of the pipelines running in this process; empty when none run here.
    func pipelines() async -> [DashboardPipelineHealth]

    /// Live ok/warn/error counts of the pipelines running in this process that read a `status`
    /// field; empty when none does.
    func statusCounts() async -> [DashboardStatusCounts]

    /// Topics with their partitions' offsets, or nil when this mode cannot read the log safely.
    func topics() async -> [DashboardTopic]?

    /// Up to `limit` of the newest messages of a partition, oldest first.
    func messages(topic: String, partition: Int32, limit: Int) async throws -> [DashboardMessage]

    /// Delta tables of the lake with their sizes.
    func lakeTables() async -> [DashboardLakeTable]
}

extension DashboardDataSource {
    public func statusCounts() async -> [DashboardStatusCounts] { [] }
}
