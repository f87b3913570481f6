import Lakehouse
import RivuletCore
import StreamEngine

/// How a pipeline's window rows become lake columns (DESIGN §5): `window_start`, `window_end`
/// as TIMESTAMP(MICROS, UTC), the group keys in their field's type, then the aggregates
/// (counts int64, averages and other statistics double, min/max/first/last in the field's type).
/// Fixed by the definition, so every epoch appends with the table's schema.
public struct WindowRowColumns: Sendable {
    public let schema: LakeSchema

    public init(_ definition: PipelineDefinition) {
        func type(ofField name: String) -> LakeType {
            switch definition.schema[name]?.type {
            case .int64: .int64
            case .double: .double
            case .bool: .boolean
            case .timestamp: .timestampMicros
            case .string, nil: .string
            }
        }
        var columns = [LakeColumn("window_start", .timestampMicros, nullable: false),
                       LakeColumn("window_end", .timestampMicros, nullable: false)]
        columns += definition.groupBy.map { LakeColumn($0, type(ofField: $0)) }
        for aggregate in definition.aggregates {
            let lake: LakeType
            switch aggregate.function {
            case .count, .countField, .countIf: lake = .int64
            case .sum(let f): lake = type(ofField: f) == .int64 ? .int64 : .double
            case .avg, .stddev, .percentile: lake = .double
            case .min(let f), .max(let f), .first(let f), .last(let f): lake = type(ofField: f)
            }
            columns.append(LakeColumn(aggregate.name, lake, nullable: lake != .int64 || !aggregate.isCount))
        }
        schema = LakeSchema(columns)
    }

    /// The rows as columns; a value of another type than the column's is stored as null
    /// rather than trapping (the engine's types and this mapping agree, so it does not happen).
    public func columns(_ rows: [WindowRow]) throws -> ColumnarRows {
        var cells: [[Value]] = Array(repeating: [], count: schema.columns.count)
        for row in rows {
            let values = [Value.timestamp(row.windowStart), .timestamp(row.windowEnd)] + row.keys + row.values
            for c in cells.indices { cells[c].append(c < values.count ? values[c] : .null) }
        }
        return try ColumnarRows(schema: schema, columns: zip(schema.columns, cells).map { Self.column($0.type, $1) })
    }

    static func column(_ type: LakeType, _ values: [Value]) -> ColumnData {
        var validity: [Bool] = []
        validity.reserveCapacity(values.count)
        func collect<T>(_ empty: T, _ pick: (Value) -> T?) -> [T] {
            values.map { v in
                let x = pick(v)
                validity.append(x != nil)
                return x ?? empty
            }
        }
        let data: ColumnValues
        switch type {
        case .int32: data = .int32(collect(0) { $0.int64Value.flatMap { Int32(exactly: $0) } })
        case .int64: data = .int64(collect(0) { $0.int64Value })
        case .double: data = .double(collect(0) { $0.doubleValue })
        case .boolean: data = .boolean(collect(false) { if case .bool(let b) = $0 { b } else { nil } })
        case .timestampMicros:
            data = .timestampMicros(collect(0) { if case .timestamp(let t) = $0 { t.milliseconds &* 1000 } else { nil } })
        case .string:
            data = .string(collect("") { if case .null = $0 { nil } else { $0.description } })
        }
        return ColumnData(data, validity: validity.allSatisfy { $0 } ? nil : validity)
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
