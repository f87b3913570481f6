/// Ready-made configurations, one per seed project; `rivulet init --preset NAME` writes one.
public enum ConfigPreset: String, ConfigChoice {
    /// Seed 000: lab IoT devices → 10-second windows per device → snapshot + Delta.
    case `default`
    /// Seed 002: clickstream and site telemetry → raw tables by day + page views per minute.
    case platform
    /// Seed 003: building sensors → bronze → silver → gold (hourly per room).
    case smarttech
    /// Seed 004: one vehicle journey as five streams → one table per stream.
    case urban

    public var configuration: RivuletConfiguration {
        switch self {
        case .default: Self.defaultConfiguration
        case .platform: Self.platformConfiguration
        case .smarttech: Self.smarttechConfiguration
        case .urban: Self.urbanConfiguration
        }
    }

    /// One line for `rivulet init --help` and the template's header.
    public var summary: String {
        switch self {
        case .default: "IoT devices aggregated in 10-second windows per device (seed 000)"
        case .platform: "clickstream and IoT telemetry into day-partitioned tables, page views per minute (seed 002)"
        case .smarttech: "building sensors through bronze, silver and gold tables (seed 003)"
        case .urban: "a vehicle journey as five streams, one table each (seed 004)"
        }
    }

    /// The preset for a `--preset` value, or an error that lists the presets.
    public static func named(_ name: String, flag: String = "--preset") throws(ConfigError) -> ConfigPreset {
        if let preset = ConfigPreset(rawValue: name) { return preset }
        let guess = Suggestion.closest(to: name, in: allCases.map(\.rawValue)).map { "did you mean \($0)? " } ?? ""
        throw ConfigError(
            .invalidValue, at: .flag(flag), keyPath: "",
            "\"\(name)\" is not a preset; \(guess)use one of \(allowedText)"
        )
    }

    static var defaultConfiguration: RivuletConfiguration {
        var pipeline = PipelineConfiguration(
            name: "iot-aggregates",
            source: SourceConfiguration(topic: "iot-metrics", schema: .named(.iot)),
            eventTime: EventTimeConfiguration(field: "ts", unit: .milliseconds, watermarkDelay: .seconds(60)),
            window: .tumbling(size: .seconds(10)),
            groupBy: ["device_id"],
            aggregates: [
                AggregateSpec(name: "count", function: .count),
                AggregateSpec(name: "avg_temperature", function: .avg, argument: "temperature"),
                AggregateSpec(name: "avg_humidity", function: .avg, argument: "humidity"),
                AggregateSpec(name: "min_battery", function: .min, argument: "battery"),
                AggregateSpec(name: "max_battery", function: .max, argument: "battery"),
            ],
            sinks: [
                .snapshot(path: "aggregates/latest.json"),
                .delta(table: "iot_window_agg", partitionBy: ["device_id"]),
            ],
            lateEvents: LateEventsConfiguration(table: "iot_late_events"),
            deadLetter: DeadLetterConfiguration(topic: "iot-metrics.dlq")
        )
        // The dashboard's page should move within a tenth of a second of the event: a change
        // waits up to `live_every`, and a checkpoint on a busy machine holds the pipeline for
        // tens of milliseconds more, so the key's 100 ms default alone put the p99 above it
        // (`rivulet bench e2e`). A snapshot of the seed's 8 devices costs well under 1 ms.
        pipeline.emit.liveEvery = .milliseconds(25)
        return RivuletConfiguration(
            topics: [TopicConfiguration(name: "iot-metrics", partitions: 3)],
            simulators: [SimulatorConfiguration(kind: .iot, topic: "iot-metrics", devices: 8, rate: 4.0, jitter: 0.3)],
            pipelines: [pipeline]
        )
    }
}
