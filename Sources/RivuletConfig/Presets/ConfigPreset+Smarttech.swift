/// Seed 003: building sensors on `iot_smartech` (3 partitions) in a medallion layout.
/// Bronze keeps typed raw events (from the topic and from JSON files dropped into `input/`),
/// silver keeps valid, deduplicated readings, gold aggregates each room per hour.
extension ConfigPreset {
    static var smarttechConfiguration: RivuletConfiguration {
        var sensors = SimulatorConfiguration(
            kind: .building, topic: "iot_smartech", devices: 12, rate: 1.0, jitter: 0.3)
        sensors.duplicateRatio = 0.02
        sensors.malformedRatio = 0.01
        sensors.lateRatio = 0.01
        return RivuletConfiguration(
            topics: [TopicConfiguration(name: "iot_smartech", partitions: 3)],
            simulators: [sensors],
            pipelines: [bronze, bronzeFiles, silver, gold]
        )
    }

    /// Physically possible readings; anything else is a faulty sensor, kept in bronze only.
    static let plausibleReading =
        "temperature >= -40 and temperature <= 85 and humidity >= 0 and humidity <= 100 and co2 >= 0 and co2 <= 10000"

    private static var sensorTime: EventTimeConfiguration {
        EventTimeConfiguration(field: "ts", unit: .milliseconds, watermarkDelay: .seconds(120))
    }

    private static var bronze: PipelineConfiguration {
        PipelineConfiguration(
            name: "bronze",
            source: SourceConfiguration(topic: "iot_smartech", schema: .named(.building)),
            eventTime: sensorTime,
            sinks: [.delta(table: "bronze", partitionBy: [])]
        )
    }

    private static var bronzeFiles: PipelineConfiguration {
        PipelineConfiguration(
            name: "bronze-files",
            source: SourceConfiguration(directory: "input", schema: .named(.building)),
            eventTime: sensorTime,
            sinks: [.delta(table: "bronze", partitionBy: [])],
            deadLetter: DeadLetterConfiguration(topic: "iot_smartech.dlq")
        )
    }

    private static var silver: PipelineConfiguration {
        var pipeline = PipelineConfiguration(
            name: "silver",
            source: SourceConfiguration(topic: "iot_smartech", schema: .named(.building)),
            eventTime: sensorTime,
            sinks: [.delta(table: "silver", partitionBy: ["building"])]
        )
        pipeline.filter = plausibleReading
        pipeline.deduplicate = DeduplicateConfiguration(key: ["sensor_id", "ts"], within: .seconds(600))
        pipeline.select = [
            SelectColumn("sensor_id", "sensor_id"),
            SelectColumn("building", "upper(building)"),
            SelectColumn("room", "lower(room)"),
            SelectColumn("ts", "ts"),
            SelectColumn("temperature_c", "round(temperature, 2)"),
            SelectColumn("humidity_pct", "round(humidity, 1)"),
            SelectColumn("co2_ppm", "round(co2, 0)"),
        ]
        return pipeline
    }

    private static var gold: PipelineConfiguration {
        var pipeline = PipelineConfiguration(
            name: "gold",
            source: SourceConfiguration(topic: "iot_smartech", schema: .named(.building)),
            eventTime: sensorTime,
            window: .tumbling(size: .seconds(3600)),
            groupBy: ["building", "room"],
            aggregates: [
                AggregateSpec(name: "readings", function: .count),
                AggregateSpec(name: "avg_temperature", function: .avg, argument: "temperature"),
                AggregateSpec(name: "min_temperature", function: .min, argument: "temperature"),
                AggregateSpec(name: "max_temperature", function: .max, argument: "temperature"),
                AggregateSpec(name: "avg_humidity", function: .avg, argument: "humidity"),
                AggregateSpec(name: "avg_co2", function: .avg, argument: "co2"),
                AggregateSpec(name: "p95_co2", function: .p95, argument: "co2"),
                AggregateSpec(name: "stuffy_readings", function: .countIf, argument: "co2 > 1000"),
            ],
            sinks: [
                .snapshot(path: "aggregates/smarttech_gold.json"),
                .delta(table: "gold", partitionBy: ["building"]),
            ],
            lateEvents: LateEventsConfiguration(table: "gold_late_events")
        )
        pipeline.filter = plausibleReading
        pipeline.emit.liveEvery = .seconds(1)
        return pipeline
    }
}
