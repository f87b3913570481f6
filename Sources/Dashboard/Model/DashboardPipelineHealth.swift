/// One pipeline's counters as `/api/pipelines` and `/prometheus` report them.
/// Totals are since this process started; the page derives rates from successive reads.
public struct DashboardPipelineHealth: Codable, Hashable, Sendable {
    public var pipeline: String
    public var inputEvents: Int64
    public var lateEvents: Int64
    public var deadLetters: Int64
    public var windowsCommitted: Int64
    public var openWindows: Int
    /// Records behind the log end, summed over partitions.
    public var lag: Int64
    /// Records behind the log end per source partition, when the source reports it.
    public var lagByPartition: [Int32: Int64]
    /// Event time of the watermark, epoch milliseconds.
    public var watermarkMilliseconds: Int64?
    /// Processing time minus the watermark.
    public var watermarkDelayMilliseconds: Int64?
    /// The last checkpoint epoch committed to the lake (the Delta txn version).
    public var lastCommittedEpoch: UInt64
    /// Wall-clock time of the last lake commit, epoch milliseconds.
    public var lastLakeCommitMilliseconds: Int64?

    public init(
        pipeline: String, inputEvents: Int64 = 0, lateEvents: Int64 = 0, deadLetters: Int64 = 0,
        windowsCommitted: Int64 = 0, openWindows: Int = 0, lag: Int64 = 0, lagByPartition: [Int32: Int64] = [:],
        watermarkMilliseconds: Int64? = nil, watermarkDelayMilliseconds: Int64? = nil,
        lastCommittedEpoch: UInt64 = 0, lastLakeCommitMilliseconds: Int64? = nil
    ) {
        self.pipeline = pipeline
        self.inputEvents = inputEvents
        self.lateEvents = lateEvents
        self.deadLetters = deadLetters
        self.windowsCommitted = windowsCommitted
        self.openWindows = openWindows
        self.lag = lag
        self.lagByPartition = lagByPartition
        self.watermarkMilliseconds = watermarkMilliseconds
        self.watermarkDelayMilliseconds = watermarkDelayMilliseconds
        self.lastCommittedEpoch = lastCommittedEpoch
        self.lastLakeCommitMilliseconds = lastLakeCommitMilliseconds
    }
}
