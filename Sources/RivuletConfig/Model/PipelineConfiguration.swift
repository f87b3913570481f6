import RivuletCore

/// One streaming job: read a source, assign event time, optionally window and aggregate, and
/// write every result to its sinks. Without a `window` rows pass through (filtered by `filter`,
/// shaped by `select`), which is how raw, bronze and silver tables are fed.
public struct PipelineConfiguration: Hashable, Sendable {
    /// Names checkpoints, metrics and the consumer group, so it must stay stable across restarts.
    public var name: String
    public var source: SourceConfiguration
    /// Required by windows and deduplication; optional for pass-through pipelines.
    public var eventTime: EventTimeConfiguration?
    public var window: WindowSpec?
    public var groupBy: [String] = []
    /// In the order written; they become the window row's columns after the group keys.
    public var aggregates: [AggregateSpec] = []
    /// YAML `where`: rows for which this condition is false are skipped before windowing.
    public var filter: String? = nil
    /// When non-empty, the output row is exactly these columns, in order.
    public var select: [SelectColumn] = []
    /// Drops repeated events (same key) seen within a time span; a Rivulet addition for seed 003's silver table.
    public var deduplicate: DeduplicateConfiguration? = nil
    public var emit = EmitConfiguration()
    /// How long after the watermark passes a window's end late events still update it.
    public var allowedLateness: Duration = .zero
    public var checkpointInterval: Duration = .seconds(5)
    public var sinks: [SinkConfiguration]
    /// Windowed pipelines must say where late events go: they are never dropped silently.
    public var lateEvents: LateEventsConfiguration?
    public var deadLetter: DeadLetterConfiguration

    public init(
        name: String,
        source: SourceConfiguration,
        eventTime: EventTimeConfiguration? = nil,
        window: WindowSpec? = nil,
        groupBy: [String] = [],
        aggregates: [AggregateSpec] = [],
        sinks: [SinkConfiguration],
        lateEvents: LateEventsConfiguration? = nil,
        deadLetter: DeadLetterConfiguration? = nil
    ) {
        self.name = name
        self.source = source
        self.eventTime = eventTime
        self.window = window
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.sinks = sinks
        self.lateEvents = lateEvents ?? (window == nil ? nil : Self.defaultLateEvents(pipelineName: name))
        self.deadLetter = deadLetter ?? Self.defaultDeadLetter(source: source, pipelineName: name)
    }

    /// `<source topic>.dlq`, or `<pipeline>.dlq` for a directory source.
    public static func defaultDeadLetter(source: SourceConfiguration, pipelineName: String) -> DeadLetterConfiguration {
        DeadLetterConfiguration(topic: "\(source.topic ?? pipelineName).dlq")
    }

    /// `<pipeline>_late_events`, with hyphens made table-friendly.
    public static func defaultLateEvents(pipelineName: String) -> LateEventsConfiguration {
        LateEventsConfiguration(table: pipelineName.replacing("-", with: "_") + "_late_events")
    }
}

/// Where a pipeline reads: a topic of the log, or a directory into which JSON files are dropped.
public struct SourceConfiguration: Hashable, Sendable {
    public enum Input: Hashable, Sendable {
        case topic(String)
        /// New `*.json` / `*.jsonl` files, one event per line, read once each (seed 003's file stream).
        case directory(String)
    }

    public enum Format: String, ConfigChoice {
        case json
    }

    public var input: Input
    public var format: Format = .json
    public var schema: SchemaSpec
    /// Consumer group; nil means `rivulet-<pipeline>`.
    public var group: String? = nil

    public init(topic: String, schema: SchemaSpec, group: String? = nil) {
        self.input = .topic(topic)
        self.schema = schema
        self.group = group
    }

    public init(directory: String, schema: SchemaSpec) {
        self.input = .directory(directory)
        self.schema = schema
    }

    public var topic: String? {
        if case .topic(let name) = input { return name }
        return nil
    }

    public var directory: String? {
        if case .directory(let path) = input { return path }
        return nil
    }
}

/// Which field holds an event's time and how far behind the newest event the watermark trails.
public struct EventTimeConfiguration: Hashable, Sendable {
    public enum Unit: String, ConfigChoice {
        case milliseconds = "ms"
        case seconds = "s"
        case microseconds = "us"
        /// Text such as `2024-11-03T14:30:00.123Z`.
        case iso8601
    }

    public var field: String
    public var unit: Unit = .milliseconds
    public var watermarkDelay: Duration = .seconds(60)
    /// A partition silent for this long stops holding the watermark back.
    public var idleTimeout: Duration = .seconds(30)

    public init(field: String, unit: Unit = .milliseconds, watermarkDelay: Duration = .seconds(60)) {
        self.field = field
        self.unit = unit
        self.watermarkDelay = watermarkDelay
    }
}

/// A derived output column: `dt: "date(ts)"`.
public struct SelectColumn: Hashable, Sendable {
    public var name: String
    public var expression: String

    public init(_ name: String, _ expression: String) {
        self.name = name
        self.expression = expression
    }
}

public struct DeduplicateConfiguration: Hashable, Sendable {
    /// Fields that together identify an event.
    public var key: [String]
    /// How long (in event time) a key is remembered.
    public var within: Duration

    public init(key: [String], within: Duration) {
        self.key = key
        self.within = within
    }
}

public struct EmitConfiguration: Hashable, Sendable {
    /// How often open windows publish partial results to the snapshot and dashboard; 0 turns this off.
    /// A change waits at most this long, so 50 ms keeps the page within a tenth of a second of
    /// the event at the 99th percentile (`rivulet bench e2e`); 100 ms put it just above.
    public var liveEvery: Duration = .milliseconds(50)

    public init(liveEvery: Duration = .milliseconds(50)) { self.liveEvery = liveEvery }
}

public struct LateEventsConfiguration: Hashable, Sendable {
    public var table: String
    public init(table: String) { self.table = table }
}

public struct DeadLetterConfiguration: Hashable, Sendable {
    public var topic: String
    public init(topic: String) { self.topic = topic }
}
