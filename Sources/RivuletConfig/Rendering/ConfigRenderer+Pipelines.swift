import RivuletCore

/// The `pipelines` section.
extension ConfigRenderer {
    static func renderPipelines(_ pipelines: [PipelineConfiguration], into w: inout YAMLWriter) {
        w.comment("Streaming jobs: source → event time → (window + aggregates) → sinks.", indent: 0)
        guard !pipelines.isEmpty else { return w.field("pipelines", "[]", indent: 0) }
        w.section("pipelines", indent: 0)
        for (index, pipeline) in pipelines.enumerated() {
            if index > 0 { w.blank() }
            w.beginItem()
            renderPipeline(pipeline, into: &w)
        }
    }

    static func renderPipeline(_ p: PipelineConfiguration, into w: inout YAMLWriter) {
        let i = 4
        w.field("name", YAMLWriter.scalar(p.name), indent: i, comment: "names checkpoints; keep it stable")
        renderSource(p.source, into: &w)
        if let eventTime = p.eventTime {
            w.section("event_time", indent: i)
            w.field("field", YAMLWriter.scalar(eventTime.field), indent: i + 2, comment: "the event's own time")
            w.field("unit", eventTime.unit.rawValue, indent: i + 2, comment: "ms, s, us or iso8601")
            w.field(
                "watermark_delay", duration(eventTime.watermarkDelay), indent: i + 2,
                comment: "how late events may arrive")
            w.field(
                "idle_timeout", duration(eventTime.idleTimeout), indent: i + 2,
                comment: "silent partitions stop holding time back")
        } else {
            w.example(
                "event_time", "{field: ts, unit: ms, watermark_delay: 1m}", indent: i, comment: "needed by windows")
        }
        optional(
            p.filter.map(YAMLWriter.scalar), "where", example: "\"temperature > -40\"",
            comment: "skip events for which this is false", indent: i, &w)
        if let dedup = p.deduplicate {
            w.section("deduplicate", indent: i, comment: "drop repeats of the same key")
            w.field("key", YAMLWriter.list(dedup.key), indent: i + 2)
            w.field("within", duration(dedup.within), indent: i + 2, comment: "event time a key is remembered")
        } else {
            w.example(
                "deduplicate", "{key: [event_id], within: 10m}", indent: i, comment: "drop repeats of the same key")
        }
        if let window = p.window {
            renderWindow(window, p, into: &w)
        } else {
            w.comment("No window: every event passes through (filtered by where, shaped by select).", indent: i)
        }
        if p.select.isEmpty {
            w.example("select", "{dt: \"date(ts)\"}", indent: i, comment: "output columns = these expressions")
        } else {
            w.section("select", indent: i, comment: "output columns, in order")
            for column in p.select {
                w.field(column.name, YAMLWriter.scalar(column.expression), indent: i + 2)
            }
        }
        w.section("emit", indent: i)
        w.field(
            "live_every", duration(p.emit.liveEvery), indent: i + 2,
            comment: "partial results to snapshot/dashboard; 0s = off")
        w.field(
            "allowed_lateness", duration(p.allowedLateness), indent: i, comment: "late events still update a window")
        w.field(
            "checkpoint_interval", duration(p.checkpointInterval), indent: i,
            comment: "state + offsets saved this often")
        renderSinks(p.sinks, into: &w)
        if let late = p.lateEvents {
            w.section("late_events", indent: i, comment: "events behind the watermark go to this table")
            w.field("table", YAMLWriter.scalar(late.table), indent: i + 2)
        }
        w.section("dead_letter", indent: i, comment: "malformed events, with the error in headers")
        w.field("topic", YAMLWriter.scalar(p.deadLetter.topic), indent: i + 2)
    }

    static func renderSource(_ source: SourceConfiguration, into w: inout YAMLWriter) {
        let i = 6
        w.section("source", indent: 4)
        switch source.input {
        case .topic(let topic):
            w.field("topic", YAMLWriter.scalar(topic), indent: i, comment: "or directory: a folder of JSON files")
        case .directory(let directory):
            w.field("directory", YAMLWriter.scalar(directory), indent: i, comment: "new JSON files here are read once")
        }
        w.field("format", source.format.rawValue, indent: i)
        switch source.schema {
        case .named(let name):
            w.field("schema", name.rawValue, indent: i, comment: "built-in, or a mapping of field: type")
        case .fields(let fields):
            w.section("schema", indent: i, comment: "field: string|int|long|double|bool|timestamp")
            for field in fields { w.field(field.name, field.type.rawValue, indent: i + 2) }
        }
        optional(
            source.group.map(YAMLWriter.scalar), "group", example: "rivulet-<pipeline>",
            comment: "consumer group", indent: i, &w)
    }

    static func renderWindow(_ window: WindowSpec, _ p: PipelineConfiguration, into w: inout YAMLWriter) {
        let i = 4
        w.section("window", indent: i, comment: "tumbling {size}, hopping {size, slide}, session {gap}")
        w.field("kind", window.kind.rawValue, indent: i + 2)
        switch window {
        case .tumbling(let size):
            w.field("size", duration(size), indent: i + 2)
        case .hopping(let size, let slide):
            w.field("size", duration(size), indent: i + 2)
            w.field("slide", duration(slide), indent: i + 2)
        case .session(let gap):
            w.field("gap", duration(gap), indent: i + 2)
        }
        w.field("group_by", YAMLWriter.list(p.groupBy), indent: i, comment: "one row per window per key")
        w.comment(
            "aggregates: column: fn(field), in order. fn: count() count(field) sum avg min max first last\nstddev p50 p95 p99 count_if(condition)",
            indent: i)
        w.section("aggregates", indent: i)
        for aggregate in p.aggregates {
            w.field(aggregate.name, YAMLWriter.scalar(aggregate.description), indent: i + 2)
        }
    }

    static func renderSinks(_ sinks: [SinkConfiguration], into w: inout YAMLWriter) {
        guard !sinks.isEmpty else { return w.field("sinks", "[]", indent: 4) }
        w.section(
            "sinks", indent: 4, comment: "snapshot {path}, delta {table, partition_by}, parquet {path, partition_by}")
        for sink in sinks {
            w.beginItem()
            w.field("kind", sink.kind.rawValue, indent: 8)
            switch sink {
            case .snapshot(let path):
                w.field("path", YAMLWriter.scalar(path), indent: 8, comment: "JSON of the latest rows, under data_dir")
            case .delta(let table, let partitionBy):
                w.field(
                    "table", YAMLWriter.scalar(table), indent: 8, comment: "under lake.root; windows: final ones only")
                w.field("partition_by", YAMLWriter.list(partitionBy), indent: 8)
            case .parquet(let path, let partitionBy):
                w.field("path", YAMLWriter.scalar(path), indent: 8, comment: "under lake.root, no transaction log")
                w.field("partition_by", YAMLWriter.list(partitionBy), indent: 8)
            }
        }
    }
}
