/// The engine's own description of one windowed pipeline. It mirrors `RivuletConfig`'s
/// `PipelineConfiguration` (DESIGN §2) without depending on it: the app layer maps one to the
/// other, so the engine stays a pure library over `RivuletCore`.
public struct PipelineDefinition: Hashable, Sendable {
    /// Names checkpoints and appears in error messages.
    public var name: String
    public var schema: Schema
    public var eventTime: EventTimeDefinition
    public var window: WindowDefinition
    public var groupBy: [String]
    /// In order; they become the window row's columns after the group keys.
    public var aggregates: [AggregateDefinition]
    /// How long after the watermark passes a window's end late events still correct it.
    public var allowedLateness: Duration
    /// How often live partial results are published; zero turns them off.
    public var liveEvery: Duration

    public init(
        name: String, schema: Schema, eventTime: EventTimeDefinition, window: WindowDefinition,
        groupBy: [String], aggregates: [AggregateDefinition], allowedLateness: Duration = .zero,
        liveEvery: Duration = .milliseconds(50)
    ) {
        self.name = name
        self.schema = schema
        self.eventTime = eventTime
        self.window = window
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.allowedLateness = allowedLateness
        self.liveEvery = liveEvery
    }

    /// Seed 000's Spark job: 10 s tumbling windows per device with a 1 min watermark.
    public static func seed000(name: String = "iot-aggregates") -> PipelineDefinition {
        PipelineDefinition(
            name: name, schema: SchemaPresets.iot,
            eventTime: EventTimeDefinition(field: "ts", unit: .milliseconds, watermarkDelay: .seconds(60)),
            window: .tumbling(size: .seconds(10)), groupBy: ["device_id"],
            aggregates: [
                AggregateDefinition("count", .count),
                AggregateDefinition("avg_temperature", .avg("temperature")),
                AggregateDefinition("avg_humidity", .avg("humidity")),
                AggregateDefinition("min_battery", .min("battery")),
                AggregateDefinition("max_battery", .max("battery")),
            ])
    }

    /// The output columns of a window row, in order.
    public var outputColumns: [String] { ["window_start", "window_end"] + groupBy + aggregates.map(\.name) }

    /// A stable hash of everything that shapes the saved state (schema of used fields, event
    /// time field, window, group-by, aggregates). Timing settings (delay, idle timeout, live
    /// interval, lateness) are left out: changing them keeps the state usable.
    public var fingerprint: UInt64 {
        var text = "v1|\(schema.canonicalText)|\(eventTime.field):\(eventTime.unit.rawValue)|\(window)|"
        text += groupBy.joined(separator: ",") + "|"
        text += aggregates.map { "\($0.name)=\($0.function)" }.joined(separator: ",")
        // FNV-1a: stable across processes, unlike Hasher.
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01B3
        }
        return h
    }
}

public struct EventTimeDefinition: Hashable, Sendable {
    public var field: String
    public var unit: TimeUnit
    public var watermarkDelay: Duration
    /// A partition without data for this long (processing time) stops holding the watermark back.
    public var idleTimeout: Duration

    public init(field: String, unit: TimeUnit = .milliseconds, watermarkDelay: Duration = .seconds(60),
                idleTimeout: Duration = .seconds(30)) {
        self.field = field
        self.unit = unit
        self.watermarkDelay = watermarkDelay
        self.idleTimeout = idleTimeout
    }
}

public enum WindowDefinition: Hashable, Sendable, CustomStringConvertible {
    case tumbling(size: Duration)
    /// Windows of `size` starting every `slide`.
    case hopping(size: Duration, slide: Duration)
    /// A key's session closes after `gap` without events: `[first event, last event + gap)`.
    case session(gap: Duration)

    public var description: String {
        switch self {
        case .tumbling(let s): "tumbling(\(s.milliseconds)ms)"
        case .hopping(let s, let h): "hopping(\(s.milliseconds)ms,\(h.milliseconds)ms)"
        case .session(let g): "session(\(g.milliseconds)ms)"
        }
    }
}

public struct AggregateDefinition: Hashable, Sendable {
    /// The output column.
    public var name: String
    public var function: AggregateFunction

    public init(_ name: String, _ function: AggregateFunction) {
        self.name = name
        self.function = function
    }
}

public enum AggregateFunction: Hashable, Sendable, CustomStringConvertible {
    /// Rows in the window.
    case count
    /// Rows where the field is not null.
    case countField(String)
    case sum(String)
    case avg(String)
    case min(String)
    case max(String)
    /// The value with the earliest event time (ties: the first to arrive).
    case first(String)
    /// The value with the latest event time (ties: the last to arrive).
    case last(String)
    /// Sample standard deviation; null below two values.
    case stddev(String)
    case countIf(Condition)
    /// Approximate quantile (0...1) with 1 % relative error, in bounded memory.
    case percentile(String, Double)

    public var description: String {
        switch self {
        case .count: "count()"
        case .countField(let f): "count(\(f))"
        case .sum(let f): "sum(\(f))"
        case .avg(let f): "avg(\(f))"
        case .min(let f): "min(\(f))"
        case .max(let f): "max(\(f))"
        case .first(let f): "first(\(f))"
        case .last(let f): "last(\(f))"
        case .stddev(let f): "stddev(\(f))"
        case .countIf(let c): "count_if(\(c))"
        case .percentile(let f, let q): "percentile(\(f),\(q))"
        }
    }

    /// The field the function reads, if any.
    var field: String? {
        switch self {
        case .count: nil
        case .countIf(let c): c.field
        case .countField(let f), .sum(let f), .avg(let f), .min(let f), .max(let f), .first(let f), .last(let f),
            .stddev(let f), .percentile(let f, _):
            f
        }
    }

    /// Maps the config's words (`avg`, `count_if`, `p95`, …) and argument text to a function.
    public static func parse(function: String, argument: String?) -> AggregateFunction? {
        let arg = argument?.trimmingCharacters(in: " ") ?? ""
        switch function {
        case "count": return arg.isEmpty || arg == "*" ? .count : .countField(arg)
        case "count_if": return Condition.parse(arg).map { .countIf($0) }
        default: break
        }
        guard !arg.isEmpty else { return nil }
        switch function {
        case "sum": return .sum(arg)
        case "avg": return .avg(arg)
        case "min": return .min(arg)
        case "max": return .max(arg)
        case "first": return .first(arg)
        case "last": return .last(arg)
        case "stddev": return .stddev(arg)
        case "p50": return .percentile(arg, 0.5)
        case "p95": return .percentile(arg, 0.95)
        case "p99": return .percentile(arg, 0.99)
        default: return nil
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
