/// Seed 002: a clickstream and an IoT fleet on a 4-partition cluster, kept as raw tables
/// partitioned by day (`dt=YYYY-MM-DD`) plus page views per URL per minute.
extension ConfigPreset {
    static var platformConfiguration: RivuletConfiguration {
        var clicks = SimulatorConfiguration(
            kind: .clickstream, topic: "clickstream", devices: 50, rate: 2.4, jitter: 0.3)
        clicks.duplicateRatio = 0.01
        var sensors = SimulatorConfiguration(kind: .platformIoT, topic: "iot", devices: 20, rate: 3.0, jitter: 0.3)
        sensors.malformedRatio = 0.005
        return RivuletConfiguration(
            topics: [
                TopicConfiguration(name: "clickstream", partitions: 4),
                TopicConfiguration(name: "iot", partitions: 4),
            ],
            simulators: [clicks, sensors],
            pipelines: [clickstreamRaw, clickstreamPerMinute, iotRaw]
        )
    }

    private static func byDay(_ columns: [String], timeField: String) -> [SelectColumn] {
        columns.map { SelectColumn($0, $0) } + [SelectColumn("dt", "date(\(timeField))")]
    }

    private static var clickstreamRaw: PipelineConfiguration {
        var pipeline = PipelineConfiguration(
            name: "clickstream-raw",
            source: SourceConfiguration(topic: "clickstream", schema: .named(.clickstream)),
            eventTime: EventTimeConfiguration(field: "ts", unit: .milliseconds, watermarkDelay: .seconds(60)),
            sinks: [.delta(table: "clickstream", partitionBy: ["dt"])]
        )
        pipeline.select = byDay(["event_id", "user_id", "url", "referrer", "ua", "ts"], timeField: "ts")
        return pipeline
    }

    private static var clickstreamPerMinute: PipelineConfiguration {
        var pipeline = PipelineConfiguration(
            name: "clickstream-agg",
            source: SourceConfiguration(topic: "clickstream", schema: .named(.clickstream)),
            eventTime: EventTimeConfiguration(field: "ts", unit: .milliseconds, watermarkDelay: .seconds(120)),
            window: .tumbling(size: .seconds(60)),
            groupBy: ["url"],
            aggregates: [AggregateSpec(name: "pv", function: .count)],
            sinks: [.delta(table: "clickstream_agg", partitionBy: ["dt"])],
            lateEvents: LateEventsConfiguration(table: "clickstream_late_events")
        )
        pipeline.select = [
            SelectColumn("minute_start", "window_start"),
            SelectColumn("minute_end", "window_end"),
            SelectColumn("url", "url"),
            SelectColumn("pv", "pv"),
            SelectColumn("dt", "date(window_start)"),
        ]
        return pipeline
    }

    private static var iotRaw: PipelineConfiguration {
        var pipeline = PipelineConfiguration(
            name: "iot-raw",
            source: SourceConfiguration(topic: "iot", schema: .named(.platformIoT)),
            eventTime: EventTimeConfiguration(field: "ts", unit: .milliseconds, watermarkDelay: .seconds(60)),
            sinks: [.delta(table: "iot", partitionBy: ["dt"])]
        )
        let columns = ["device_id", "site", "temp_c", "humidity", "battery", "signal_strength", "ts"]
        pipeline.select = byDay(columns, timeField: "ts")
        return pipeline
    }
}
