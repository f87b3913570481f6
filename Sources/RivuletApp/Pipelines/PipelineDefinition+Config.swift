import RivuletConfig
import RivuletCore
import StreamEngine

/// What the engine runs for one configured pipeline.
public enum EnginePipeline: Sendable {
    /// Windows and aggregates; `select` shapes the final rows written to the lake.
    case windowed(PipelineDefinition, select: [SelectItem])
    /// One row per event (after `where`, `deduplicate`, `select`).
    case passThrough(PassThroughDefinition)

    /// The engine's definition of a pipeline from rivulet.yml. What the engine cannot run
    /// yet (deduplication before a window, a snapshot of pass-through rows) is a usage error
    /// naming the pipeline and key, so `rivulet process` stops before touching data instead of
    /// silently ignoring part of the config.
    public init(_ config: PipelineConfiguration) throws {
        let name = config.name
        let filter = try config.filter.map { text in
            guard let p = Predicate.parse(text) else {
                throw RivuletError(
                    .invalidArgument,
                    "pipeline \(name): where \"\(text)\" is not a condition; write comparisons of a field with a literal joined by and/or, e.g. temperature > 30 and status == 'ok'")
            }
            return p
        }
        let select = try config.select.map { column in
            guard let e = SelectExpression.parse(column.expression) else {
                throw RivuletError(
                    .invalidArgument,
                    "pipeline \(name): select \(column.name): \"\(column.expression)\" is not supported; use a column, date(c), upper(c), lower(c) or round(c, n)")
            }
            return SelectItem(column.name, e)
        }
        let partitionFields = Self.partitionFields(config, select: select)
        guard config.window != nil else {
            if config.sinks.contains(where: { $0.kind == .snapshot }) {
                throw RivuletError(
                    .invalidArgument, "pipeline \(name): a `snapshot` sink needs a window; pass-through rows go to delta or parquet sinks")
            }
            let time = config.eventTime.map(EventTimeDefinition.init)
            let unit = time?.unit ?? .milliseconds
            let schema = try Schema(config.source.schema, eventTimeField: time?.field ?? "", unit: unit, pipeline: name)
            var definition = PassThroughDefinition(
                name: name, schema: schema, eventTime: time, filter: filter,
                deduplicate: config.deduplicate.map { DeduplicateDefinition(key: $0.key, within: $0.within) },
                select: select)
            definition.partitionFields = partitionFields
            self = .passThrough(definition)
            return
        }
        if config.deduplicate != nil {
            throw RivuletError(
                .invalidArgument,
                "pipeline \(name): `deduplicate` is not supported before a window yet; deduplicate in a pass-through pipeline")
        }
        var definition = try PipelineDefinition(config)
        definition.filter = filter
        definition.partitionFields = partitionFields
        self = .windowed(definition, select: select)
    }

    /// The input columns whose values become partition directory names: each sink's
    /// `partition_by` column, traced through `select` when its value keeps the input's text.
    static func partitionFields(_ config: PipelineConfiguration, select: [SelectItem]) -> [String] {
        let columns = Set(config.sinks.flatMap(\.partitionBy))
        guard !select.isEmpty else { return columns.sorted() }
        return select.compactMap { item -> String? in
            guard columns.contains(item.name) else { return nil }
            switch item.expression {
            case .column(let c), .upper(let c), .lower(let c): return c
            case .date, .round: return nil
            }
        }.sorted()
    }

    public var name: String {
        switch self {
        case .windowed(let d, _): d.name
        case .passThrough(let d): d.name
        }
    }
}

extension EventTimeDefinition {
    init(_ config: EventTimeConfiguration) {
        self.init(field: config.field, unit: TimeUnit(config.unit), watermarkDelay: config.watermarkDelay, idleTimeout: config.idleTimeout)
    }
}

extension PipelineDefinition {
    /// The windowed part of a configured pipeline (window, group-by, aggregates, timing);
    /// `EnginePipeline` adds `where` and `select`.
    public init(_ config: PipelineConfiguration) throws {
        let name = config.name
        guard let window = config.window else {
            throw RivuletError(.invalidArgument, "pipeline \(name): a pipeline without `window` is a pass-through pipeline")
        }
        guard let eventTime = config.eventTime else {
            throw RivuletError(.invalidArgument, "pipeline \(name): a windowed pipeline needs `event_time`")
        }
        let time = EventTimeDefinition(eventTime)
        let schema = try Schema(config.source.schema, eventTimeField: eventTime.field, unit: time.unit, pipeline: name)
        var aggregates: [AggregateDefinition] = []
        for spec in config.aggregates {
            guard let function = AggregateFunction.parse(function: spec.function.rawValue, argument: spec.argument) else {
                throw RivuletError(.invalidArgument, "pipeline \(name): aggregate \(spec.name): \(spec) is not supported")
            }
            aggregates.append(AggregateDefinition(spec.name, function))
        }
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
