import RivuletConfig
import RivuletCore
import StreamEngine

extension PipelineDefinition {
    /// The engine's definition of a pipeline from rivulet.yml. Anything the engine cannot run
    /// yet (pass-through pipelines, `where`/`select`, deduplication, directory sources, plain
    /// Parquet sinks) is a usage error naming the pipeline and key, so `rivulet process` stops
    /// before touching data instead of silently ignoring part of the config.
    public init(_ config: PipelineConfiguration) throws {
        let name = config.name
        func unsupported(_ what: String) -> RivuletError {
            RivuletError(.invalidArgument, "pipeline \(name): \(what) is not supported by the streaming engine yet")
        }
        guard config.source.topic != nil else { throw unsupported("a directory source") }
        guard let window = config.window else { throw unsupported("a pipeline without `window` (pass-through)") }
        guard let eventTime = config.eventTime else {
            throw RivuletError(.invalidArgument, "pipeline \(name): a windowed pipeline needs `event_time`")
        }
        if config.filter != nil { throw unsupported("`where`") }
        if !config.select.isEmpty { throw unsupported("`select`") }
        if config.deduplicate != nil { throw unsupported("`deduplicate`") }
        if config.sinks.contains(where: { $0.kind == .parquet }) { throw unsupported("a `parquet` sink") }
        let unit = TimeUnit(eventTime.unit)
        let schema = try Schema(config.source.schema, eventTimeField: eventTime.field, unit: unit, pipeline: name)
        var aggregates: [AggregateDefinition] = []
        for spec in config.aggregates {
            guard let function = AggregateFunction.parse(function: spec.function.rawValue, argument: spec.argument) else {
                throw RivuletError(.invalidArgument, "pipeline \(name): aggregate \(spec.name): \(spec) is not supported")
            }
            aggregates.append(AggregateDefinition(spec.name, function))
        }
        var time = EventTimeDefinition(field: eventTime.field, unit: unit, watermarkDelay: eventTime.watermarkDelay)
        time.idleTimeout = eventTime.idleTimeout
        self.init(
            name: name, schema: schema, eventTime: time, window: WindowDefinition(window), groupBy: config.groupBy,
            aggregates: aggregates, allowedLateness: config.allowedLateness, liveEvery: config.emit.liveEvery)
    }
}

extension TimeUnit {
    init(_ unit: EventTimeConfiguration.Unit) {
        switch unit {
        case .milliseconds: self = .milliseconds
        case .seconds: self = .seconds
        case .microseconds: self = .microseconds
        case .iso8601: self = .iso8601
        }
    }
}

extension WindowDefinition {
    init(_ spec: WindowSpec) {
        switch spec {
        case .tumbling(let size): self = .tumbling(size: size)
        case .hopping(let size, let slide): self = .hopping(size: size, slide: slide)
        case .session(let gap): self = .session(gap: gap)
        }
    }
}

extension Schema {
    /// A preset by name, or the fields listed in the file (all required: the user declared them).
    init(_ spec: SchemaSpec, eventTimeField: String, unit: TimeUnit, pipeline: String) throws {
        switch spec {
        case .named(let name):
            guard let preset = SchemaPresets.named(name.rawValue) else {
                throw RivuletError(.invalidArgument, "pipeline \(pipeline): schema \(name.rawValue) has no preset")
            }
            self = preset
        case .fields(let fields):
            self.init(fields.map { field in
                let type: FieldType
                switch field.type {
                case .string: type = .string
                case .int, .long: type = .int64
                case .double: type = .double
                case .bool: type = .bool
                case .timestamp: type = .timestamp(field.name == eventTimeField ? unit : .milliseconds)
                }
                return Field(field.name, type)
            })
        }
    }
}
