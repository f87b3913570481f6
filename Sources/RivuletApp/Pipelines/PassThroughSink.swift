import Lakehouse
import RivuletCore
import StreamEngine

/// The sink of a pass-through pipeline: each epoch's rows go to every lake target (Delta
/// tables and Parquet datasets, partitioned as configured) exactly once, through
/// `LakeEpochSink`'s prepare/commit protocol with `txn(appId, epoch)`.
public final class PassThroughSink: TransactionalSink {
    public let schema: LakeSchema
    let lake: LakeEpochSink

    public var appId: String { lake.appId }

    public init(schema: LakeSchema, lake: LakeEpochSink) {
        self.schema = schema
        self.lake = lake
    }

    /// The lake schema of an operator's output: nullable unless read from a required field.
    public static func schema(_ op: PassThroughOperator) -> LakeSchema {
        let fields = op.schema.fields
        return LakeSchema(op.outputColumns, nullable: op.projection.inputs.map { !fields[$0].isRequired })
    }

    public func lastCommittedEpoch() async throws -> UInt64? { try lake.lastCommittedEpoch() }

    public func prepare(epoch: UInt64, rows: [RowColumns]) async throws {
        let all = try lake.wrapConversion { try rows.isEmpty ? .empty(schema) : RowColumns.lakeRows(rows, schema) }
        try lake.prepare(epoch: epoch, rows: Array(repeating: all, count: lake.targets.count))
    }

    public func commit(epoch: UInt64) async throws { try lake.commit(epoch: epoch) }

    public func abort(after epoch: UInt64?) async throws { try lake.abort(after: epoch) }
}
