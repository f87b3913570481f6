import Lakehouse
import RivuletCore
import StreamEngine

/// The `late_events` table's rows: when the event happened, the watermark it missed, by how
/// much, where it came from, its group keys (as text) and the original record.
public struct LateEventColumns: Sendable {
    public let schema: LakeSchema
    let topic: String

    public init(_ definition: PipelineDefinition, topic: String) {
        self.topic = topic
        schema = LakeSchema(
            [
                LakeColumn("pipeline", .string, nullable: false),
                LakeColumn("event_time", .timestampMicros, nullable: false),
                LakeColumn("watermark", .timestampMicros, nullable: false),
                LakeColumn("late_by_ms", .int64, nullable: false),
                LakeColumn("topic", .string, nullable: false),
                LakeColumn("partition", .int32, nullable: false),
                LakeColumn("offset", .int64, nullable: false),
            ] + definition.groupBy.map { LakeColumn($0, .string) } + [LakeColumn("record", .string, nullable: false)])
        pipeline = definition.name
    }

    let pipeline: String

    public func columns(_ events: [LateEvent]) throws -> ColumnarRows {
        let keyCount = schema.columns.count - 8
        var keys: [[Value]] = Array(repeating: [], count: keyCount)
        for e in events {
            for k in 0..<keyCount { keys[k].append(k < e.keys.count ? e.keys[k] : .null) }
        }
        let fixed: [ColumnData] = [
            ColumnData(.string(events.map { _ in pipeline })),
            ColumnData(.timestampMicros(events.map { $0.eventTime.milliseconds &* 1000 })),
            ColumnData(.timestampMicros(events.map { $0.watermark.milliseconds &* 1000 })),
            ColumnData(.int64(events.map(\.lateByMilliseconds))),
            ColumnData(.string(events.map { _ in topic })),
            ColumnData(.int32(events.map(\.partition))),
            ColumnData(.int64(events.map(\.offset))),
        ]
        let keyColumns = keys.map { ColumnData(RowColumns.column("", .string, $0), as: .string) }
        let record = ColumnData(.string(events.map { String(decoding: $0.record, as: UTF8.self) }))
        return try ColumnarRows(schema: schema, columns: fixed + keyColumns + [record])
    }
}
