import Lakehouse
import RivuletCore
import StreamEngine

/// How a pipeline's window rows become lake columns (DESIGN §5): `window_start`, `window_end`
/// as TIMESTAMP(MICROS, UTC), the group keys in their field's type, then the aggregates
/// (counts int64, averages and other statistics double, min/max/first/last in the field's type),
/// or, with `select:`, the selected columns. Fixed by the definition, so every epoch appends
/// with the table's schema.
public struct WindowRowColumns: Sendable {
    public private(set) var schema: LakeSchema
    let names: [String]
    let types: [VectorType]
    private(set) var projection: Projection?

    /// The window row's own columns.
    public init(_ definition: PipelineDefinition) {
        names = definition.outputColumns
        types = definition.outputTypes
        projection = nil
        schema = LakeSchema(zip(names, types).map { (name: $0, type: $1) }, nullable: Self.nullable(definition))
    }

    /// The columns of `select`, evaluated over the window row's columns.
    public init(_ definition: PipelineDefinition, select: [SelectItem]) throws {
        self.init(definition)
        guard !select.isEmpty else { return }
        let p = try Projection(select, columns: zip(names, types).map { (name: $0, type: $1) }, pipeline: definition.name)
        let nullable = Self.nullable(definition)
        projection = p
        schema = LakeSchema(zip(select, p.types).map { (name: $0.name, type: $1) }, nullable: p.inputs.map { nullable[$0] })
    }

    /// Bounds and counts are never null; keys and other aggregates may be.
    static func nullable(_ definition: PipelineDefinition) -> [Bool] {
        [false, false] + definition.groupBy.map { _ in true } + definition.aggregates.map { !$0.isCount }
    }

    /// The rows as columns of `schema`.
    public func columns(_ rows: [WindowRow]) throws -> ColumnarRows {
        var columns = RowColumns(windowRows: rows, names: names, types: types)
        if let projection { columns = projection.apply(columns) }
        return try columns.lakeRows(schema)
    }
}

extension AggregateDefinition {
    var isCount: Bool {
        switch function {
        case .count, .countField, .countIf: true
        default: false
        }
    }
}
