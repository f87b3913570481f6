import StreamEngine
import Synchronization

/// A pipeline's counters as the status line and the dashboard read them; labels are
/// bounded (the pipeline name), never a device id.
public struct PipelineMetrics: Hashable, Sendable {
    public var pipeline: String
    public var inputEvents: Int64 = 0
    public var lateEvents: Int64 = 0
    public var deadLetters: Int64 = 0
    /// Windows (pass-through pipelines: rows) committed to the lake since this process started.
    public var windowsCommitted: Int64 = 0
    /// Of those, rows held for a larger file (`lake.flush_interval`), not in the tables yet.
    public var lakeHeldRows = 0
    /// False for pass-through pipelines, whose results are rows rather than windows.
    public var isWindowed = true
    public var openWindows: Int = 0
    /// The last checkpoint epoch committed (the Delta txn version).
    public var lastCommittedEpoch: UInt64 = 0
    public var checkpoints: Int64 = 0
    public var lastCheckpointMilliseconds: Int64 = 0
    /// Event time of the watermark, epoch milliseconds; nil before the first event.
    public var watermarkMilliseconds: Int64?
    /// Processing time minus the watermark, in milliseconds.
    public var watermarkDelayMilliseconds: Int64?
    /// Records behind the log end.
    public var lag: Int64 = 0
    /// Each source partition's offsets, in partition order.
    public var partitions: [PartitionProgress] = []
    /// The last commit this process made to the windows table.
    public var lastLakeCommit: LakeCommit?

    public init(pipeline: String) { self.pipeline = pipeline }
}

/// Where a pipeline stands in one source partition.
public struct PartitionProgress: Hashable, Sendable {
    public var partition: Int32
    /// One past the partition's last record.
    public var logEndOffset: Int64
    /// The next offset the pipeline will read.
    public var processedOffset: Int64
    /// The next offset saved in the last checkpoint (where a restart resumes); nil before one.
    public var committedOffset: Int64?

    /// Records appended but not read yet.
    public var lag: Int64 { max(0, logEndOffset - processedOffset) }
}

/// A commit to a Delta table: its version and the wall-clock time it was made.
public struct LakeCommit: Hashable, Sendable {
    public var table: String
    public var version: Int64
    public var atMilliseconds: Int64
}

/// Shared between the pipeline task (the only writer) and readers on other tasks.
public final class PipelineMetricsBox: Sendable {
    private let value: Mutex<PipelineMetrics>
    public init(pipeline: String) { value = Mutex(PipelineMetrics(pipeline: pipeline)) }
    public var current: PipelineMetrics { value.withLock { $0 } }
    func update(_ body: (inout PipelineMetrics) -> Void) { value.withLock { body(&$0) } }
}
