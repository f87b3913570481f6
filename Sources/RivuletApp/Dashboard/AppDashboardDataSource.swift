import Dashboard
import Foundation
import Lakehouse
import LogStore

/// The dashboard's view of this process, filled by the app layer.
///
/// `rivulet dashboard` passes only the snapshot watcher and the lake (the log belongs to
/// another process, so `topics` is nil); `rivulet up` also passes the live `LogStore` and what
/// its pipelines publish.
public struct AppDashboardDataSource: DashboardDataSource {
    public let snapshot: SnapshotWatcher
    public let lake: LakeTables?
    public let log: LogStore?
    public let pipelines: [PipelineReadout]
    /// Each page polls the lake every 2 s and Prometheus scrapes too; reading Delta logs for
    /// each would cost more than the answer is worth, so stats are reused for a second.
    private let lakeCache = LakeStatsCache(maxAge: .seconds(1))

    public init(
        snapshot: SnapshotWatcher, lake: LakeTables?, log: LogStore? = nil, pipelines: [PipelineReadout] = []
    ) {
        self.snapshot = snapshot
        self.lake = lake
        self.log = log
        self.pipelines = pipelines
    }

    public func latestDocument() async -> [UInt8]? { snapshot.current }

    public func documentUpdates() -> AsyncStream<[UInt8]> { snapshot.documents }

    public func pipelines() async -> [DashboardPipelineHealth] {
        pipelines.map { DashboardPipelineHealth($0.metrics.current) }
    }

    public func statusCounts() async -> [DashboardStatusCounts] {
        pipelines.compactMap { readout in
            readout.statusCounts.map { box in
                DashboardStatusCounts(pipeline: readout.metrics.current.pipeline, windows: box.current.map(DashboardStatusWindow.init))
            }
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
