import Dashboard
import Foundation
import Lakehouse
import LogStore

/// The dashboard's view of this process, filled by the app layer.
///
/// `rivulet dashboard` passes only the snapshot watcher and the lake (the log belongs to
/// another process, so `topics` is nil); `rivulet up` also passes the live `LogStore` and the
/// pipelines' metrics boxes.
public struct AppDashboardDataSource: DashboardDataSource {
    public let snapshot: SnapshotWatcher
    public let lake: LakeTables?
    public let log: LogStore?
    public let pipelineMetrics: [PipelineMetricsBox]
    /// Each page polls the lake every 2 s and Prometheus scrapes too; reading Delta logs for
    /// each would cost more than the answer is worth, so stats are reused for a second.
    private let lakeCache = LakeStatsCache(maxAge: .seconds(1))

    public init(
        snapshot: SnapshotWatcher, lake: LakeTables?, log: LogStore? = nil, pipelineMetrics: [PipelineMetricsBox] = []
    ) {
        self.snapshot = snapshot
        self.lake = lake
        self.log = log
        self.pipelineMetrics = pipelineMetrics
    }

    public func latestDocument() async -> [UInt8]? { snapshot.current }

    public func documentUpdates() -> AsyncStream<[UInt8]> { snapshot.documents }

    public func pipelines() async -> [DashboardPipelineHealth] {
        pipelineMetrics.map { box in
            let m = box.current
            return DashboardPipelineHealth(
                pipeline: m.pipeline, inputEvents: m.inputEvents, lateEvents: m.lateEvents, deadLetters: m.deadLetters,
                windowsCommitted: m.windowsCommitted, openWindows: m.openWindows, lag: m.lag,
                watermarkMilliseconds: m.watermarkMilliseconds,
                watermarkDelayMilliseconds: m.watermarkDelayMilliseconds,
                lastCommittedEpoch: m.lastCommittedEpoch)
        }
    }

    public func topics() async -> [DashboardTopic]? {
        guard let log else { return nil }
        return log.topicNames.filter { !$0.hasPrefix("__") }.map { name in
            DashboardTopic(
                name: name,
                partitions: (log.partitions(of: name) ?? []).map {
                    DashboardPartition(
                        partition: $0.partition, logStartOffset: $0.logStartOffset.rawValue,
                        highWatermark: $0.highWatermark.rawValue)
                })
        }
    }

    public func messages(topic: String, partition: Int32, limit: Int) async throws -> [DashboardMessage] {
        guard let log else { throw DashboardError(.unavailable, "topics are shown only inside `rivulet up`") }
        guard let partitionLog = log.partition(topic, partition) else {
            throw DashboardError(.unknownPartition, "no partition \(topic)/\(partition)")
        }
        return try PartitionTail.messages(of: partitionLog, limit: limit)
    }

    public func lakeTables() async -> [DashboardLakeTable] {
        guard let lake else { return [] }
        return lakeCache.value { Self.readLake(lake) }
    }

    static func readLake(_ lake: LakeTables) -> [DashboardLakeTable] {
        lake.names().compactMap { name in
            guard let stats = try? lake.table(name).stats() else { return nil }
            return DashboardLakeTable(
                name: name, version: stats.version, files: stats.files, rows: stats.rows, bytes: stats.bytes)
        }
    }
}
