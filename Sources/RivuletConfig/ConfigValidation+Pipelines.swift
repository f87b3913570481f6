import RivuletCore

/// Rules for `pipelines`: each pipeline on its own, then what pipelines must not share.
extension ConfigValidation {
    /// Columns every window row has besides group keys and aggregates (DESIGN §5).
    static let windowColumns = ["window_start", "window_end"]

    static func checkPipelines(_ config: RivuletConfiguration, _ p: inout Problems) {
        var names: [String: Int] = [:]
        var snapshots: [String: Int] = [:]
        for (i, pipeline) in config.pipelines.enumerated() {
            let path = ConfigKeyPath.root.key("pipelines").index(i)
            p.simpleName(pipeline.name, path.key("name"), "pipeline name")
            if let first = names[pipeline.name] {
                p.add(
                    path.key("name"),
                    "\"\(pipeline.name)\" is already the name of pipelines[\(first)]; pipeline names must be unique")
            } else {
                names[pipeline.name] = i
            }
            checkSource(pipeline, path, config, &p)
            checkWindowing(pipeline, path, &p)
            checkRows(pipeline, path, &p)
            checkSinks(pipeline, path, config.lake, &p)
            for (j, sink) in pipeline.sinks.enumerated() {
                guard case .snapshot(let file) = sink else { continue }
                if let first = snapshots[file] {
                    p.add(
                        path.key("sinks").index(j).key("path"),
                        "\"\(file)\" is already written by pipelines[\(first)]; give each snapshot its own file")
                } else {
                    snapshots[file] = i
                }
            }
        }
    }

    static func checkSource(
        _ pipeline: PipelineConfiguration, _ path: ConfigKeyPath, _ config: RivuletConfiguration, _ p: inout Problems
    ) {
        let source = pipeline.source
        let sourcePath = path.key("source")
        switch source.input {
        case .topic(let topic):
            p.topicName(topic, sourcePath.key("topic"))
            checkDeclared(topic, sourcePath.key("topic"), config, &p)
            if pipeline.deadLetter.topic == topic {
                p.add(
                    path.key("dead_letter").key("topic"),
                    "is the source topic; malformed events need their own topic, e.g. \(topic).dlq")
            }
        case .directory(let directory):
            if directory.isEmpty {
                p.add(sourcePath.key("directory"), "must not be empty; use a directory such as input")
            }
        }
        if let group = source.group, group.isEmpty {
            p.add(sourcePath.key("group"), "must not be empty; leave it out to use rivulet-\(pipeline.name)")
        }
        if case .fields(let fields) = source.schema {
            if fields.isEmpty { p.add(sourcePath.key("schema"), "lists no fields; give at least one as name: type") }
            for field in fields { p.fieldName(field.name, sourcePath.key("schema").key(field.name)) }
        }
        p.topicName(pipeline.deadLetter.topic, path.key("dead_letter").key("topic"))
    }

    static func checkWindowing(_ pipeline: PipelineConfiguration, _ path: ConfigKeyPath, _ p: inout Problems) {
        if let eventTime = pipeline.eventTime {
            let etPath = path.key("event_time")
            p.fieldName(eventTime.field, etPath.key("field"))
            if case .fields(let fields) = pipeline.source.schema,
                !fields.contains(where: { $0.name == eventTime.field })
            {
                p.add(
                    etPath.key("field"),
                    "\"\(eventTime.field)\" is not in the source schema; use one of \(fields.map(\.name).joined(separator: ", "))"
                )
            }
            p.notNegative(eventTime.watermarkDelay, etPath.key("watermark_delay"))
            p.positive(eventTime.idleTimeout, etPath.key("idle_timeout"), example: "30s")
        }
        p.notNegative(pipeline.allowedLateness, path.key("allowed_lateness"))
        p.notNegative(pipeline.emit.liveEvery, path.key("emit").key("live_every"))
        p.positive(pipeline.checkpointInterval, path.key("checkpoint_interval"), example: "5s")
        let windowPath = path.key("window")
        guard let window = pipeline.window else {
            if !pipeline.aggregates.isEmpty {
                p.add(windowPath, "aggregates need a window; add window: {kind: tumbling, size: 10s}", .missingKey)
            }
            if !pipeline.groupBy.isEmpty {
                p.add(path.key("group_by"), "only applies to windowed pipelines; add a window or remove group_by")
            }
            if pipeline.lateEvents != nil {
                p.add(
                    path.key("late_events"),
                    "only windowed pipelines have late events; add a window or remove late_events")
            }
            return
        }
        if pipeline.eventTime == nil {
            p.add(
                path.key("event_time"),
                "a window needs event time; add event_time: {field: ts, unit: ms, watermark_delay: 1m}", .missingKey)
        }
        switch window {
        case .tumbling(let size):
            p.positive(size, windowPath.key("size"), example: "10s")
        case .hopping(let size, let slide):
            p.positive(size, windowPath.key("size"), example: "1m")
            p.positive(slide, windowPath.key("slide"), example: "10s")
            if slide > size {
                p.add(
                    windowPath.key("slide"),
                    "\(DurationText.format(slide)) is longer than size \(DurationText.format(size)); events would fall between windows, use a slide up to the size"
                )
            }
        case .session(let gap):
            p.positive(gap, windowPath.key("gap"), example: "30s")
        }
        if pipeline.aggregates.isEmpty {
            p.add(path.key("aggregates"), "a window needs at least one aggregate, e.g. {count: count()}", .missingKey)
        }
        if pipeline.lateEvents == nil {
            let table = PipelineConfiguration.defaultLateEvents(pipelineName: pipeline.name).table
            p.add(
                path.key("late_events"), "late events are never dropped silently; give a table, e.g. {table: \(table)}",
                .missingKey)
        }
    }

    static func checkRows(_ pipeline: PipelineConfiguration, _ path: ConfigKeyPath, _ p: inout Problems) {
        var columns = Set(pipeline.window == nil ? [] : windowColumns)
        for (k, field) in pipeline.groupBy.enumerated() {
            p.fieldName(field, path.key("group_by").index(k))
            if !columns.insert(field).inserted {
                p.add(path.key("group_by").index(k), "\"\(field)\" is listed twice; list each key once")
            }
        }
        for aggregate in pipeline.aggregates {
            let aggPath = path.key("aggregates").key(aggregate.name)
            if !Identifier.isName(Substring(aggregate.name)) {
                p.add(aggPath, "\"\(aggregate.name)\" is not a column name; use letters, digits and '_'")
            } else if !columns.insert(aggregate.name).inserted {
                p.add(aggPath, "\"\(aggregate.name)\" is already a column of the window row; choose another name")
            }
        }
        if let filter = pipeline.filter, filter.trimmingSpaces.isEmpty {
            p.add(path.key("where"), "is empty; give a condition such as temperature > 30, or remove where")
        }
        var selected = Set<String>()
        for column in pipeline.select {
            let columnPath = path.key("select").key(column.name)
            if !Identifier.isName(Substring(column.name)) {
                p.add(columnPath, "\"\(column.name)\" is not a column name; use letters, digits and '_'")
            }
            if !selected.insert(column.name).inserted { p.add(columnPath, "is selected twice") }
            if column.expression.trimmingSpaces.isEmpty {
                p.add(columnPath, "has no expression; write one such as date(ts)")
            }
        }
        if let dedup = pipeline.deduplicate {
            let dedupPath = path.key("deduplicate")
            if pipeline.eventTime == nil {
                p.add(
                    path.key("event_time"), "deduplicate needs event time to know when to forget keys; add event_time",
                    .missingKey)
            }
            if dedup.key.isEmpty {
                p.add(dedupPath.key("key"), "lists no fields; name the fields that identify an event")
            }
            for (k, field) in dedup.key.enumerated() { p.fieldName(field, dedupPath.key("key").index(k)) }
            p.positive(dedup.within, dedupPath.key("within"), example: "10m")
        }
    }

    /// The columns a pipeline's rows have, when they can be known from the configuration alone.
    static func outputColumns(_ pipeline: PipelineConfiguration) -> Set<String>? {
        if !pipeline.select.isEmpty { return Set(pipeline.select.map(\.name)) }
        if pipeline.window != nil {
            return Set(windowColumns + pipeline.groupBy + pipeline.aggregates.map(\.name))
        }
        if case .fields(let fields) = pipeline.source.schema { return Set(fields.map(\.name)) }
        return nil
    }

    static func checkSinks(
        _ pipeline: PipelineConfiguration, _ path: ConfigKeyPath, _ lake: LakeConfiguration, _ p: inout Problems
    ) {
        if pipeline.sinks.isEmpty {
            p.add(path.key("sinks"), "lists no sinks; add one, e.g. {kind: delta, table: my_table}", .missingKey)
        }
        let columns = outputColumns(pipeline)
        var tables = Set<String>()
        for (j, sink) in pipeline.sinks.enumerated() {
            let sinkPath = path.key("sinks").index(j)
            switch sink {
            case .snapshot(let file), .parquet(let file, _):
                if !Identifier.isContainedPath(file) {
                    p.add(
                        sinkPath.key("path"),
                        "\"\(file)\" must be a relative path without '..', inside the data directory")
                }
            case .delta(let table, _):
                p.simpleName(table, sinkPath.key("table"), "table name")
                tables.insert(table)
                if lake.format == .parquet {
                    p.add(
                        sinkPath.key("kind"),
                        "delta sinks need lake.format: delta; use a parquet sink or change lake.format")
                }
            }
            for (k, column) in sink.partitionBy.enumerated() {
                let columnPath = sinkPath.key("partition_by").index(k)
                p.fieldName(column, columnPath)
                if let columns, !columns.contains(column) {
                    p.add(
                        columnPath,
                        "\"\(column)\" is not a column of this pipeline's rows; use one of \(columns.sorted().joined(separator: ", "))"
                    )
                }
                if sink.partitionBy.prefix(k).contains(column) { p.add(columnPath, "\"\(column)\" is listed twice") }
            }
        }
        if let late = pipeline.lateEvents {
            p.simpleName(late.table, path.key("late_events").key("table"), "table name")
            if tables.contains(late.table) {
                p.add(
                    path.key("late_events").key("table"),
                    "\"\(late.table)\" is also a sink table; late events need their own table")
            }
        }
    }
}
