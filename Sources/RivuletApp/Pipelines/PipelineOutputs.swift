import Lakehouse
import RivuletConfig
import RivuletCore
import StreamEngine

/// Builds what a windowed pipeline writes to, from its config: the Delta sink of final
/// windows and late events (one per checkpoint directory, with its own txn appId) and the
/// `latest.json` writer. Shared by the embedded-log pipeline (one sink) and the Kafka
/// group pipeline (one sink per source partition).
struct PipelineOutputs {
    let pipeline: PipelineConfiguration
    let config: RivuletConfiguration
    let definition: PipelineDefinition
    let topic: String
    let tableName: String
    let partitionBy: [String]
    let wallClock: any WallClock

    /// Throws a usage error when the pipeline has no source topic or no delta sink.
    init(pipeline: PipelineConfiguration, config: RivuletConfiguration, definition: PipelineDefinition, wallClock: any WallClock) throws {
        guard let topic = pipeline.source.topic else {
            throw RivuletError(.invalidArgument, "pipeline \(pipeline.name) needs a source topic")
        }
        guard case .delta(let tableName, let partitionBy)? = pipeline.sinks.first(where: { $0.kind == .delta }) else {
            throw RivuletError(.invalidArgument, "pipeline \(pipeline.name): a windowed pipeline needs a `delta` sink for its final windows")
        }
        self.pipeline = pipeline
        self.config = config
        self.definition = definition
        self.topic = topic
        self.tableName = tableName
        self.partitionBy = partitionBy
        self.wallClock = wallClock
    }

    /// `data/checkpoints/<pipeline>`.
    var checkpoints: String { DataDirectory(config).checkpoints(pipeline: pipeline.name) }

    /// The sink whose staging and txn appId live in `checkpointDirectory`; `appName` is the
    /// appId it starts from (see `DeltaWindowSink.appId`).
    func sink(checkpointDirectory: String, appName: String) throws -> DeltaWindowSink {
        let tables = LakeTables(config)
        let windows = DeltaTable(path: tables.root + "/" + tableName, configuration: tables.configuration, clock: wallClock)
        let late = pipeline.lateEvents.map {
            (table: DeltaTable(path: tables.root + "/" + $0.table, configuration: tables.configuration, clock: wallClock),
             columns: LateEventColumns(definition, topic: topic))
        }
        return DeltaWindowSink(
            windows: windows, columns: WindowRowColumns(definition), partitionBy: partitionBy, late: late,
            appId: try DeltaWindowSink.appId(pipeline: appName, table: windows, checkpointDirectory: checkpointDirectory),
            stagingDirectory: checkpointDirectory + "/staging")
    }

    var snapshot: SnapshotFileWriter? {
        let root = DataDirectory(config).root
        return pipeline.sinks.compactMap { sink -> SnapshotFileWriter? in
            guard case .snapshot(let path) = sink else { return nil }
            return SnapshotFileWriter(path: path.hasPrefix("/") ? path : root + "/" + path)
        }.first
    }
}
