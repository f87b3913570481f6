import Lakehouse
import Logging
import RivuletConfig
import RivuletCore
import StreamEngine

/// Builds what a pipeline writes to, from its config: the lake targets (Delta tables and
/// Parquet datasets), the sink over them for each checkpoint directory (with its own txn
/// appId), and the `latest.json` writer. Shared by the embedded-log pipeline (one sink) and
/// the Kafka group pipeline (one sink per source partition).
struct PipelineOutputs {
    let pipeline: PipelineConfiguration
    let config: RivuletConfiguration
    let engine: EnginePipeline
    let wallClock: any WallClock
    let logger: Logger

    /// Throws a usage error for pipelines the engine cannot run (see `EnginePipeline.init`)
    /// and for pipelines with neither a `delta` nor a `parquet` sink.
    init(pipeline: PipelineConfiguration, config: RivuletConfiguration, wallClock: any WallClock, logger: Logger) throws {
        guard pipeline.sinks.contains(where: { $0.kind == .delta || $0.kind == .parquet }) else {
            throw RivuletError(.invalidArgument, "pipeline \(pipeline.name) needs a `delta` or `parquet` sink for its results")
        }
        let engine = try EnginePipeline(pipeline)
        if case .windowed(let definition, _) = engine {
            _ = try WindowAggregator(definition: definition)  // refuse a bad definition before touching data
        }
        self.pipeline = pipeline
        self.config = config
        self.engine = engine
        self.wallClock = wallClock
        self.logger = logger
    }

    /// Rows are held per partition between epochs by the lake's flush policy; epochs come
    /// every `checkpoint_interval` of the pipeline.
    var buffering: LakeBuffering {
        LakeBuffering(policy: LakeTables(config).flushPolicy, horizon: pipeline.checkpointInterval, clock: wallClock, logger: logger)
    }

    /// `data/checkpoints/<pipeline>`.
    var checkpoints: String { DataDirectory(config).checkpoints(pipeline: pipeline.name) }

    /// The source's name in dead letters and late events: its topic, or `directory:PATH`.
    var sourceName: String { pipeline.source.topic ?? "directory:" + (pipeline.source.directory ?? "") }

    /// Fresh writers for the pipeline's `delta` and `parquet` sinks, in config order.
    func targets() -> [LakeTarget] {
        let tables = LakeTables(config)
        return pipeline.sinks.compactMap { sink -> LakeTarget? in
            switch sink {
            case .snapshot: nil
            case .delta(let table, let partitionBy):
                .delta(
                    DeltaTableWriter(table: DeltaTable(path: tables.root + "/" + table, configuration: tables.configuration, clock: wallClock)),
                    partitionBy: partitionBy)
            case .parquet(let path, let partitionBy):
                .parquet(ParquetDatasetWriter(root: tables.root + "/" + path, partitionBy: partitionBy, options: tables.parquetOptions))
            }
        }
    }

    /// The window sink whose staging and txn appId live in `checkpointDirectory`; `appName`
    /// is the appId it starts from (see `LakeEpochSink.appId`).
    func windowSink(_ definition: PipelineDefinition, select: [SelectItem], checkpointDirectory: String, appName: String) throws -> DeltaWindowSink {
        let tables = LakeTables(config)
        let targets = targets()
        let late = pipeline.lateEvents.map {
            (table: DeltaTable(path: tables.root + "/" + $0.table, configuration: tables.configuration, clock: wallClock),
             columns: LateEventColumns(definition, topic: sourceName))
        }
        let appId = try LakeEpochSink.appId(
            pipeline: appName, tables: targets.deltaTables + (late.map { [$0.table] } ?? []), checkpointDirectory: checkpointDirectory)
        return DeltaWindowSink(
            targets: targets, columns: try WindowRowColumns(definition, select: select), late: late, appId: appId,
            stagingDirectory: checkpointDirectory + "/staging", buffering: buffering)
    }

    /// The pass-through sink whose staging and txn appId live in `checkpointDirectory`.
    func passThroughSink(_ op: PassThroughOperator, checkpointDirectory: String, appName: String) throws -> PassThroughSink {
        let targets = targets()
        let appId = try LakeEpochSink.appId(pipeline: appName, tables: targets.deltaTables, checkpointDirectory: checkpointDirectory)
        let lake = LakeEpochSink(
            targets: targets, appId: appId, stagingDirectory: checkpointDirectory + "/staging", buffering: buffering)
        return PassThroughSink(schema: PassThroughSink.schema(op), lake: lake)
    }

    var snapshot: SnapshotFileWriter? {
        let root = DataDirectory(config).root
        return pipeline.sinks.compactMap { sink -> SnapshotFileWriter? in
            guard case .snapshot(let path) = sink else { return nil }
            return SnapshotFileWriter(path: path.hasPrefix("/") ? path : root + "/" + path)
        }.first
    }
}
