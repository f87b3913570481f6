import RivuletCore
import Yams

/// The `pipelines` section: each entry starts from the per-pipeline defaults.
extension YAMLNodeDecoder {
    func pipelines(_ node: Node, _ path: ConfigKeyPath) -> [PipelineConfiguration]? {
        guard let items = items(node, path, what: "pipelines") else { return nil }
        return items.compactMap { pipeline($0.node, $0.path) }
    }

    func pipeline(_ node: Node, _ path: ConfigKeyPath) -> PipelineConfiguration? {
        guard let f = fields(node, path, allowed: ConfigKeys.pipeline) else { return nil }
        note(node, path)
        let name = required(f, "name", hint: "every pipeline needs a name such as iot-aggregates", string) ?? ""
        let source = required(f, "source", hint: "say what to read, e.g. {topic: iot-metrics, schema: iot}", source)
        var pipeline = PipelineConfiguration(
            name: name,
            source: source ?? SourceConfiguration(topic: "", schema: .named(.iot)),
            sinks: []
        )
        setOptional(&pipeline.eventTime, f, "event_time", eventTime)
        setOptional(&pipeline.window, f, "window", window)
        if pipeline.window == nil, let node = f["window"], !node.isNull {
            // The window was given but is broken (already reported); treat the pipeline as windowed
            // so that checks of its other keys do not add misleading errors.
            pipeline.window = .tumbling(size: .seconds(10))
        }
        set(&pipeline.groupBy, f, "group_by", stringList)
        set(&pipeline.aggregates, f, "aggregates", aggregates)
        setOptional(&pipeline.filter, f, "where", string)
        set(&pipeline.select, f, "select", select)
        setOptional(&pipeline.deduplicate, f, "deduplicate", deduplicate)
        if let emit = f["emit"], let ef = fields(emit, path.key("emit"), allowed: ConfigKeys.emit) {
            note(emit, path.key("emit"))
            set(&pipeline.emit.liveEvery, ef, "live_every", duration)
        }
        set(&pipeline.allowedLateness, f, "allowed_lateness", duration)
        set(&pipeline.checkpointInterval, f, "checkpoint_interval", duration)
        let hint =
            "list where results go, e.g. [{kind: delta, table: \(name.isEmpty ? "my_table" : name.replacing("-", with: "_"))}]"
        pipeline.sinks = required(f, "sinks", hint: hint, sinks) ?? []
        // Defaults that depend on other keys are settled once those keys are known.
        pipeline.lateEvents = pipeline.window == nil ? nil : PipelineConfiguration.defaultLateEvents(pipelineName: name)
        pipeline.deadLetter = PipelineConfiguration.defaultDeadLetter(source: pipeline.source, pipelineName: name)
        setOptional(&pipeline.lateEvents, f, "late_events") { node, path in
            self.singleKey(node, path, key: "table", allowed: ConfigKeys.lateEvents).map(LateEventsConfiguration.init)
        }
        set(&pipeline.deadLetter, f, "dead_letter") { node, path in
            self.singleKey(node, path, key: "topic", allowed: ConfigKeys.deadLetter).map(DeadLetterConfiguration.init)
        }
        return pipeline
    }

    func source(_ node: Node, _ path: ConfigKeyPath) -> SourceConfiguration? {
        guard let f = fields(node, path, allowed: ConfigKeys.source) else { return nil }
        let schemaHint = "use a built-in schema (\(SchemaName.allowedText)) or list fields as {name: type}"
        let schema = required(f, "schema", hint: schemaHint, schema)
        var source = SourceConfiguration(topic: "", schema: schema ?? .named(.iot))
        switch (f["topic"], f["directory"]) {
        case (.some, .some):
            fail(.invalidValue, f["directory"], path.key("directory"), "give either topic or directory, not both")
        case (.none, .none):
            fail(.missingKey, node, path.key("topic"), "missing key; say which topic to read (or which directory)")
        case (.some, .none):
            var topic = ""
            set(&topic, f, "topic", string)
            source.input = .topic(topic)
        case (.none, .some):
            var directory = ""
            set(&directory, f, "directory", string)
            source.input = .directory(directory)
        }
        set(&source.format, f, "format", choice(SourceConfiguration.Format.self, "a source format"))
        setOptional(&source.group, f, "group", string)
        return source
    }

    func schema(_ node: Node, _ path: ConfigKeyPath) -> SchemaSpec? {
        if case .scalar = node, let word = string(node, path) {
            if let name = SchemaName(rawValue: word) { return .named(name) }
            let guess = Suggestion.closest(to: word, in: SchemaName.allCases.map(\.rawValue)).map {
                "did you mean \($0)? "
            }
            fail(
                .invalidValue, node, path,
                "\"\(word)\" is not a built-in schema; \(guess ?? "")use one of \(SchemaName.allowedText) or list fields as {name: type}"
            )
            return nil
        }
        guard case .mapping = node, let f = fields(node, path, allowed: nil) else {
            fail(.wrongType, node, path, "expected a schema name or a mapping of field: type; found \(node.summary)")
            return nil
        }
        let fieldType = choice(SchemaField.FieldType.self, "a field type")
        let parsed = f.entries.map { entry in
            fieldType(entry.value, path.key(entry.key)).map { SchemaField(entry.key, $0) }
        }
        return parsed.contains { $0 == nil } ? nil : .fields(parsed.compactMap { $0 })
    }

    func eventTime(_ node: Node, _ path: ConfigKeyPath) -> EventTimeConfiguration? {
        guard let f = fields(node, path, allowed: ConfigKeys.eventTime) else { return nil }
        let field = required(f, "field", hint: "name the field holding the event's time, e.g. ts", string)
        var eventTime = EventTimeConfiguration(field: field ?? "ts")
        set(&eventTime.unit, f, "unit", choice(EventTimeConfiguration.Unit.self, "a time unit"))
        set(&eventTime.watermarkDelay, f, "watermark_delay", duration)
        set(&eventTime.idleTimeout, f, "idle_timeout", duration)
        return eventTime
    }

    func window(_ node: Node, _ path: ConfigKeyPath) -> WindowSpec? {
        guard let f = fields(node, path, allowed: nil) else { return nil }
        let hint = "use tumbling {size}, hopping {size, slide} or session {gap}"
        guard let kind = required(f, "kind", hint: hint, choice(WindowSpec.Kind.self, "a window kind")) else {
            return nil
        }
        checkKeys(f, allowed: ConfigKeys.window(kind), context: " for a \(kind.rawValue) window")
        switch kind {
        case .tumbling:
            return required(f, "size", hint: "say how long each window is, e.g. 10s", duration).map {
                .tumbling(size: $0)
            }
        case .hopping:
            let size = required(f, "size", hint: "say how long each window is, e.g. 1m", duration)
            let slide = required(f, "slide", hint: "say how often a window starts, e.g. 10s", duration)
            guard let size, let slide else { return nil }
            return .hopping(size: size, slide: slide)
        case .session:
            return required(f, "gap", hint: "say how long a pause closes a session, e.g. 30s", duration).map {
                .session(gap: $0)
            }
        }
    }

    func aggregates(_ node: Node, _ path: ConfigKeyPath) -> [AggregateSpec]? {
        guard let f = fields(node, path, allowed: nil) else { return nil }
        let parsed = f.entries.map { entry -> AggregateSpec? in
            let entryPath = path.key(entry.key)
            note(entry.value, entryPath)
            guard let text = text(entry.value, entryPath, expected: "an aggregate such as avg(temperature)") else {
                return nil
            }
            switch AggregateSpec.parse(name: entry.key, text) {
            case .success(let spec): return spec
            case .failure(let problem):
                fail(.invalidValue, entry.value, entryPath, problem.message)
                return nil
            }
        }
        return parsed.contains { $0 == nil } ? nil : parsed.compactMap { $0 }
    }

    func select(_ node: Node, _ path: ConfigKeyPath) -> [SelectColumn]? {
        guard let f = fields(node, path, allowed: nil) else { return nil }
        let parsed = f.entries.map { entry -> SelectColumn? in
            note(entry.value, path.key(entry.key))
            return text(entry.value, path.key(entry.key), expected: "an expression such as date(ts)").map {
                SelectColumn(entry.key, $0)
            }
        }
        return parsed.contains { $0 == nil } ? nil : parsed.compactMap { $0 }
    }

    func deduplicate(_ node: Node, _ path: ConfigKeyPath) -> DeduplicateConfiguration? {
        guard let f = fields(node, path, allowed: ConfigKeys.deduplicate) else { return nil }
        let key = required(f, "key", hint: "list the fields that identify an event, e.g. [event_id]", stringList)
        let within = required(f, "within", hint: "say how long to remember keys, e.g. 10m", duration)
        guard let key, let within else { return nil }
        return DeduplicateConfiguration(key: key, within: within)
    }

    func sinks(_ node: Node, _ path: ConfigKeyPath) -> [SinkConfiguration]? {
        guard let items = items(node, path, what: "sinks") else { return nil }
        let parsed = items.map { sink($0.node, $0.path) }
        return parsed.contains { $0 == nil } ? nil : parsed.compactMap { $0 }
    }

    func sink(_ node: Node, _ path: ConfigKeyPath) -> SinkConfiguration? {
        guard let f = fields(node, path, allowed: nil) else { return nil }
        note(node, path)
        let hint = "say what to write: \(SinkConfiguration.Kind.allowedText)"
        guard let kind = required(f, "kind", hint: hint, choice(SinkConfiguration.Kind.self, "a sink kind")) else {
            return nil
        }
        checkKeys(f, allowed: ConfigKeys.sink(kind), context: " for a \(kind.rawValue) sink")
        var partitionBy: [String] = []
        set(&partitionBy, f, "partition_by", stringList)
        switch kind {
        case .snapshot:
            return required(f, "path", hint: "say where to write, e.g. aggregates/latest.json", string).map {
                .snapshot(path: $0)
            }
        case .delta:
            return required(f, "table", hint: "name the table, e.g. iot_window_agg", string).map {
                .delta(table: $0, partitionBy: partitionBy)
            }
        case .parquet:
            return required(f, "path", hint: "say where under the lake to write, e.g. exports/iot", string).map {
                .parquet(path: $0, partitionBy: partitionBy)
            }
        }
    }

    /// `late_events: {table: x}` and `dead_letter: {topic: x}`: one required key.
    func singleKey(_ node: Node, _ path: ConfigKeyPath, key: String, allowed: [String]) -> String? {
        guard let f = fields(node, path, allowed: allowed) else { return nil }
        return required(f, key, hint: "give the \(key) name", string)
    }
}
