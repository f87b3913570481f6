/// One pipeline's counters as `/api/pipelines` and `/prometheus` report them.
/// Totals are since this process started; the page derives rates from successive reads.
public struct DashboardPipelineHealth: Codable, Hashable, Sendable {
    public var pipeline: String
    public var inputEvents: Int64
    public var lateEvents: Int64
    public var deadLetters: Int64
    public var windowsCommitted: Int64
    /// Committed results held for a larger lake file (`lake.flush_interval`), not in the tables yet.
    public var lakeHeldRows: Int
    public var openWindows: Int
    /// Records behind the log end, summed over partitions.
    public var lag: Int64
    /// Each source partition's offsets and lag, in partition order.
    public var partitions: [DashboardPartitionLag]
    /// Event time of the watermark, epoch milliseconds.
    public var watermarkMilliseconds: Int64?
    /// Processing time minus the watermark.
    public var watermarkDelayMilliseconds: Int64?
    /// The last checkpoint epoch committed to the lake (the Delta txn version).
    public var lastCommittedEpoch: UInt64
    /// The last commit to the pipeline's windows table made by this process.
    public var lastLakeCommit: DashboardLakeCommit?

    public init(
        pipeline: String, inputEvents: Int64 = 0, lateEvents: Int64 = 0, deadLetters: Int64 = 0,
        windowsCommitted: Int64 = 0, lakeHeldRows: Int = 0, openWindows: Int = 0, lag: Int64 = 0, partitions: [DashboardPartitionLag] = [],
        watermarkMilliseconds: Int64? = nil, watermarkDelayMilliseconds: Int64? = nil,
        lastCommittedEpoch: UInt64 = 0, lastLakeCommit: DashboardLakeCommit? = nil
    ) {
        self.pipeline = pipeline
        self.inputEvents = inputEvents
        self.lateEvents = lateEvents
        self.deadLetters = deadLetters
        self.windowsCommitted = windowsCommitted
        self.lakeHeldRows = lakeHeldRows
        self.openWindows = openWindows
        self.lag = lag
        self.partitions = partitions
        self.watermarkMilliseconds = watermarkMilliseconds
        self.watermarkDelayMilliseconds = watermarkDelayMilliseconds
        self.lastCommittedEpoch = lastCommittedEpoch
        self.lastLakeCommit = lastLakeCommit
    }
}

/// Where a pipeline stands in one source partition: `lag` = `logEndOffset` − `processedOffset`.
public struct DashboardPartitionLag: Codable, Hashable, Sendable {
    public var partition: Int32
    /// One past the partition's last record (Kafka's log end offset).
    public var logEndOffset: Int64
    /// The next offset the pipeline reads.
    public var processedOffset: Int64
    /// The next offset saved in the last checkpoint, where a restart resumes; nil before one.
    public var committedOffset: Int64?
    public var lag: Int64

    public init(partition: Int32, logEndOffset: Int64, processedOffset: Int64, committedOffset: Int64? = nil) {
        self.partition = partition
        self.logEndOffset = logEndOffset
        self.processedOffset = processedOffset
        self.committedOffset = committedOffset
        self.lag = max(0, logEndOffset - processedOffset)
    }
}

/// A commit to a Delta table: the table, the version it created and when (epoch milliseconds).
public struct DashboardLakeCommit: Codable, Hashable, Sendable {
    public var table: String
    public var version: Int64
    public var timeMilliseconds: Int64

    public init(table: String, version: Int64, timeMilliseconds: Int64) {
        self.table = table
        self.version = version
        self.timeMilliseconds = timeMilliseconds
    }
}
