import RivuletCore

/// Writes configurations as YAML that `ConfigLoader` reads back to the same value:
/// the commented file `rivulet init` creates and the plain one `rivulet config show` prints.
public enum ConfigRenderer {
    /// Every option with its value and a short comment; `load` of it gives `preset.configuration`.
    public static func commentedTemplate(preset: ConfigPreset = .default) -> String {
        var w = YAMLWriter(withComments: true)
        w.comment(
            """
            rivulet.yml, written by `rivulet init --preset \(preset.rawValue)`: \(preset.summary).
            Every option is shown with its value; delete what you do not need to change.
            Durations: 500ms, 10s, 1m, 2h, 7d. Sizes: 4096 (bytes), 64KiB, 256MiB, 1GiB.
            Precedence: command-line flags > environment > this file > built-in defaults.
            Environment: RIVULET_CONFIG (path of this file), RIVULET_DATA_DIR, KAFKA_BOOTSTRAP
            (switches to a remote cluster), KAFKA_TOPIC (first simulator's and pipeline's topic),
            FLASK_HOST and FLASK_PORT (dashboard address).
            """, indent: 0)
        w.blank()
        render(preset.configuration, into: &w)
        return w.text
    }

    /// The configuration as YAML, without comments.
    public static func yaml(_ config: RivuletConfiguration) -> String {
        var w = YAMLWriter(withComments: false)
        render(config, into: &w)
        return w.text
    }

    static func render(_ config: RivuletConfiguration, into w: inout YAMLWriter) {
        w.field(
            "data_dir", YAMLWriter.scalar(config.dataDir), indent: 0,
            comment: "log segments, checkpoints, lake tables and snapshots go here")
        w.blank()
        renderBroker(config.broker, into: &w)
        w.blank()
        renderTopics(config.topics, into: &w)
        w.blank()
        renderSimulators(config.simulators, into: &w)
        w.blank()
        renderPipelines(config.pipelines, into: &w)
        w.blank()
        renderLake(config.lake, into: &w)
        w.blank()
        w.section("dashboard", indent: 0, comment: "live charts, /metrics (latest.json) and Prometheus")
        w.field(
            "listen", YAMLWriter.scalar(config.dashboard.listen.description), indent: 2,
            comment: "host:port; 0.0.0.0 to reach it from other machines")
        w.field(
            "token", config.dashboard.token.map(YAMLWriter.scalar) ?? "null", indent: 2,
            comment: "if set, requests need Authorization: Bearer <token>")
    }

    /// Days rather than weeks (`7d`, not `1w`): that is how retention is usually written.
    static func duration(_ value: Duration) -> String {
        let text = DurationText.format(value)
        guard text.hasSuffix("w"), let weeks = Int(text.dropLast()) else { return text }
        return "\(weeks * 7)d"
    }

    static func renderBroker(_ broker: BrokerConfiguration, into w: inout YAMLWriter) {
        w.section("broker", indent: 0, comment: "the Kafka-protocol log")
        w.field("mode", broker.mode.rawValue, indent: 2, comment: "embedded: in this process; remote: use bootstrap")
        w.field(
            "listen", YAMLWriter.scalar(broker.listen.description), indent: 2,
            comment: "where Kafka clients connect (embedded mode)")
        let bootstrap = broker.bootstrap.map { YAMLWriter.scalar($0.map(\.description).joined(separator: ",")) }
        w.field("bootstrap", bootstrap ?? "null", indent: 2, comment: "remote mode: host:port,host:port of the cluster")
        w.field(
            "fsync", broker.fsync.rawValue, indent: 2,
            comment: "group-commit (acked = on disk), always, interval, none")
        w.field("fsync_interval", duration(broker.fsyncInterval), indent: 2, comment: "used when fsync is interval")
        w.field("retention", duration(broker.retention), indent: 2, comment: "delete segments older than this")
        w.field(
            "retention_bytes", broker.retentionBytes.map(\.description) ?? "null", indent: 2,
            comment: "per partition; null = no size limit")
        w.field(
            "segment_bytes", broker.segmentBytes.description, indent: 2, comment: "roll a new segment file at this size"
        )
        w.field("segment_age", duration(broker.segmentAge), indent: 2, comment: "...or at this age")
        w.field(
            "default_partitions", String(broker.defaultPartitions), indent: 2,
            comment: "for auto-created topics and topics without partitions")
        w.field(
            "auto_create_topics", String(broker.autoCreateTopics), indent: 2,
            comment: "create unknown topics on first produce")
        w.field("max_request_bytes", broker.maxRequestBytes.description, indent: 2, comment: "largest request accepted")
        w.field(
            "max_message_bytes", broker.maxMessageBytes.description, indent: 2, comment: "largest record batch accepted"
        )
        w.field(
            "group_initial_rebalance_delay", duration(broker.groupInitialRebalanceDelay), indent: 2,
            comment: "wait for more members before the first rebalance")
    }

    static func renderTopics(_ topics: [TopicConfiguration], into w: inout YAMLWriter) {
        w.comment("Topics created at start-up (embedded mode).", indent: 0)
        guard !topics.isEmpty else { return w.field("topics", "[]", indent: 0) }
        w.section("topics", indent: 0)
        for topic in topics {
            w.beginItem()
            w.field("name", YAMLWriter.scalar(topic.name), indent: 4)
            w.field("partitions", String(topic.partitions), indent: 4, comment: "units of parallelism and ordering")
            if let retention = topic.retention {
                w.field("retention", duration(retention), indent: 4)
            } else {
                w.example("retention", "1d", indent: 4, comment: "overrides broker.retention")
            }
            if let bytes = topic.segmentBytes {
                w.field("segment_bytes", bytes.description, indent: 4)
            } else {
                w.example("segment_bytes", "64MiB", indent: 4, comment: "overrides broker.segment_bytes")
            }
        }
    }

    static func renderSimulators(_ simulators: [SimulatorConfiguration], into w: inout YAMLWriter) {
        w.comment(
            "Built-in generators of the seed streams (kinds: \(SimulatorConfiguration.Kind.allowedText)).",
            indent: 0)
        guard !simulators.isEmpty else { return w.field("simulators", "[]", indent: 0) }
        w.section("simulators", indent: 0)
        for sim in simulators {
            w.beginItem()
            w.field("kind", sim.kind.rawValue, indent: 4)
            w.field("topic", YAMLWriter.scalar(sim.topic), indent: 4, comment: "vehicle: {stream} = vehicle, gps, ...")
            w.field("devices", String(sim.devices), indent: 4, comment: "devices / users / vehicles")
            w.field("rate", String(sim.rate), indent: 4, comment: "events per second per device")
            w.field("jitter", String(sim.jitter), indent: 4, comment: "0..1 random spread of the gaps")
            optional(sim.seed.map(String.init), "seed", example: "42", comment: "fixed seed = same events", &w)
            w.field("late_ratio", String(sim.lateRatio), indent: 4, comment: "0..1 events stamped in the past")
            w.field("late_max", duration(sim.lateMax), indent: 4, comment: "how far in the past at most")
            w.field("out_of_order", String(sim.outOfOrder), indent: 4, comment: "0..1 events sent out of order")
            w.field("duplicate_ratio", String(sim.duplicateRatio), indent: 4, comment: "0..1 events sent twice")
            w.field(
                "malformed_ratio", String(sim.malformedRatio), indent: 4, comment: "0..1 broken events (dead letters)")
            optional(sim.count.map(String.init), "count", example: "100000", comment: "stop after this many events", &w)
            optional(sim.duration.map(duration), "duration", example: "10m", comment: "stop after this long", &w)
        }
    }

    /// A list item's optional key: its value when set, else a commented example in the template.
    static func optional(
        _ value: String?, _ key: String, example: String, comment: String, indent: Int = 4, _ w: inout YAMLWriter
    ) {
        if let value {
            w.field(key, value, indent: indent, comment: comment)
        } else {
            w.example(key, example, indent: indent, comment: comment)
        }
    }

    static func renderLake(_ lake: LakeConfiguration, into w: inout YAMLWriter) {
        w.section("lake", indent: 0, comment: "tables: Parquet files + Delta transaction log")
        w.field("root", YAMLWriter.scalar(lake.root), indent: 2, comment: "relative to data_dir")
        w.field("format", lake.format.rawValue, indent: 2, comment: "delta or parquet (no transaction log)")
        w.field("compression", lake.compression.rawValue, indent: 2, comment: "snappy, gzip or none")
        w.field(
            "target_file_size", lake.targetFileSize.description, indent: 2, comment: "close a data file at this size")
        w.field("flush_interval", duration(lake.flushInterval), indent: 2, comment: "...or after this long")
        w.field(
            "checkpoint_interval", String(lake.checkpointInterval), indent: 2,
            comment: "Delta checkpoint every N commits")
        w.field(
            "optimize_after_files", String(lake.optimizeAfterFiles), indent: 2,
            comment: "compact a partition at N small files; 0 = never")
    }
}
