import RivuletConfig
import Testing

@Suite struct ConfigRendererTests {
    @Test(arguments: ConfigPreset.allCases)
    func commentedTemplateLoadsAsThePreset(preset: ConfigPreset) throws {
        let template = ConfigRenderer.commentedTemplate(preset: preset)
        #expect(try ConfigLoader.load(yaml: template) == preset.configuration)
    }

    @Test(arguments: ConfigPreset.allCases)
    func yamlRoundTrips(preset: ConfigPreset) throws {
        let config = preset.configuration
        #expect(try ConfigLoader.load(yaml: ConfigRenderer.yaml(config)) == config)
    }

    @Test func defaultTemplateIsTheDefaults() throws {
        #expect(
            try ConfigLoader.load(yaml: ConfigRenderer.commentedTemplate(preset: .default))
                == RivuletConfiguration.default)
    }

    @Test func templateShowsEveryOptionWithAComment() {
        let template = ConfigRenderer.commentedTemplate()
        let keys = [
            "data_dir", "mode", "listen", "bootstrap", "fsync", "fsync_interval", "retention", "retention_bytes",
            "segment_bytes", "segment_age", "default_partitions", "auto_create_topics", "max_request_bytes",
            "max_message_bytes", "group_initial_rebalance_delay", "name", "partitions", "kind", "topic", "devices",
            "rate", "jitter", "seed", "late_ratio", "late_max", "out_of_order", "duplicate_ratio", "malformed_ratio",
            "count", "duration", "source", "format", "schema", "group", "event_time", "field", "unit",
            "watermark_delay", "idle_timeout", "window", "size", "group_by", "aggregates", "where", "select",
            "deduplicate", "emit", "live_every", "allowed_lateness", "checkpoint_interval", "sinks", "path", "table",
            "partition_by", "late_events", "dead_letter", "root", "compression", "target_file_size", "flush_interval",
            "optimize_after_files", "token",
        ]
        for key in keys {
            #expect(template.contains("\(key):"), "\(key)")
        }
        #expect(template.contains("# Precedence: command-line flags > environment > this file > built-in defaults."))
        #expect(template.contains("fsync: group-commit"))
        #expect(template.contains("  - name: iot-aggregates"))
    }

    @Test func otherShapesRoundTrip() throws {
        var config = RivuletConfiguration.default
        config.dataDir = "/var/lib/rivulet data"
        config.broker.mode = .remote
        config.broker.bootstrap = [HostPort(host: "::1", port: 9092), HostPort(host: "k2", port: 9093)]
        config.broker.retentionBytes = .gibibytes(10)
        config.broker.fsync = .interval
        config.broker.fsyncInterval = .milliseconds(250)
        config.dashboard.token = "s3cr#t:\"q\\"
        config.topics.append(
            TopicConfiguration(name: "123", partitions: 1, retention: .seconds(3600), segmentBytes: .kibibytes(4096)))
        config.simulators[0].seed = 42
        config.simulators[0].count = 1000
        config.simulators[0].duration = .seconds(90)
        config.simulators[0].rate = 0.125
        var pipeline = config.pipelines[0]
        pipeline.name = "by-site"
        pipeline.window = .session(gap: .seconds(45))
        pipeline.source = SourceConfiguration(
            topic: "iot-metrics",
            schema: .fields([
                SchemaField("device_id", .string), SchemaField("ts", .timestamp), SchemaField("on", .bool),
            ]),
            group: "grp"
        )
        pipeline.groupBy = ["device_id"]
        pipeline.filter = "on == true and ts > 0"
        pipeline.select = [SelectColumn("device_id", "device_id"), SelectColumn("count", "count")]
        pipeline.aggregates = [AggregateSpec(name: "count", function: .countIf, argument: "on == true")]
        pipeline.sinks = [.parquet(path: "exports/sites", partitionBy: ["device_id"])]
        pipeline.lateEvents = LateEventsConfiguration(table: "late")
        pipeline.deduplicate = DeduplicateConfiguration(key: ["device_id", "ts"], within: .seconds(600))
        config.pipelines.append(pipeline)
        config.pipelines.append(
            PipelineConfiguration(
                name: "files", source: SourceConfiguration(directory: "drop", schema: .named(.building)),
                window: .hopping(size: .seconds(60), slide: .seconds(20)),
                aggregates: [AggregateSpec(name: "n", function: .count)],
                sinks: [.snapshot(path: "aggregates/files.json")]
            )
        )
        config.pipelines[2].eventTime = EventTimeConfiguration(field: "ts", unit: .iso8601, watermarkDelay: .zero)
        config.lake.compression = .uncompressed
        config.lake.format = .parquet
        config.pipelines[0].sinks = [.snapshot(path: "aggregates/latest.json")]
        #expect(ConfigValidation.validate(config).map(\.description) == [])
        let text = ConfigRenderer.yaml(config)
        #expect(try ConfigLoader.load(yaml: text) == config, "\(text)")
    }
}
