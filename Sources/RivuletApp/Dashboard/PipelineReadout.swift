import Dashboard
import StreamEngine

/// What a running pipeline publishes for the dashboard: its metrics and, when its source has a
/// `status` field, the live status counts. Both boxes are written by the pipeline task only.
public struct PipelineReadout: Sendable {
    public let metrics: PipelineMetricsBox
    public let statusCounts: StatusCountsBox?

    public init(metrics: PipelineMetricsBox, statusCounts: StatusCountsBox? = nil) {
        self.metrics = metrics
        self.statusCounts = statusCounts
    }
}

extension PipelineService {
    public var readout: PipelineReadout { PipelineReadout(metrics: metrics, statusCounts: statusCounts) }
}

extension DashboardPipelineHealth {
    init(_ m: PipelineMetrics) {
        self.init(
            pipeline: m.pipeline, inputEvents: m.inputEvents, lateEvents: m.lateEvents, deadLetters: m.deadLetters,
            windowsCommitted: m.windowsCommitted, lakeHeldRows: m.lakeHeldRows, openWindows: m.openWindows, lag: m.lag,
            partitions: m.partitions.map {
                DashboardPartitionLag(
                    partition: $0.partition, logEndOffset: $0.logEndOffset, processedOffset: $0.processedOffset,
                    committedOffset: $0.committedOffset)
            },
            watermarkMilliseconds: m.watermarkMilliseconds, watermarkDelayMilliseconds: m.watermarkDelayMilliseconds,
            lastCommittedEpoch: m.lastCommittedEpoch,
            lastLakeCommit: m.lastLakeCommit.map {
                DashboardLakeCommit(table: $0.table, version: $0.version, timeMilliseconds: $0.atMilliseconds)
            })
    }
}

extension DashboardStatusWindow {
    init(_ w: StatusWindowCounts) {
        self.init(
            windowStart: ISO8601Text.format(milliseconds: w.startMilliseconds),
            windowEnd: ISO8601Text.format(milliseconds: w.endMilliseconds), ok: w.counts[0], warn: w.counts[1],
            error: w.counts[2])
    }
}
