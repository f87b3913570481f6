/// Every key each section accepts, as written in YAML. The decoder rejects others and the
/// renderer's tests check that the template shows all of them.
enum ConfigKeys {
    static let root = ["data_dir", "broker", "topics", "simulators", "pipelines", "lake", "dashboard"]
    static let broker = [
        "mode", "listen", "bootstrap", "fsync", "fsync_interval", "retention", "retention_bytes", "segment_bytes",
        "segment_age", "default_partitions", "auto_create_topics", "max_request_bytes", "max_message_bytes",
        "group_initial_rebalance_delay",
    ]
    static let topic = ["name", "partitions", "retention", "segment_bytes"]
    static let simulator = [
        "kind", "topic", "devices", "rate", "jitter", "seed", "late_ratio", "late_max", "out_of_order",
        "duplicate_ratio", "malformed_ratio", "count", "duration",
    ]
    static let pipeline = [
        "name", "source", "event_time", "window", "group_by", "aggregates", "where", "select", "deduplicate", "emit",
        "allowed_lateness", "checkpoint_interval", "sinks", "late_events", "dead_letter",
    ]
    static let source = ["topic", "directory", "format", "schema", "group"]
    static let eventTime = ["field", "unit", "watermark_delay", "idle_timeout"]
    static let deduplicate = ["key", "within"]
    static let emit = ["live_every"]
    static let lateEvents = ["table"]
    static let deadLetter = ["topic"]
    static let lake = [
        "root", "format", "compression", "target_file_size", "flush_interval", "checkpoint_interval",
        "optimize_after_files",
    ]
    static let dashboard = ["listen", "token"]

    static func window(_ kind: WindowSpec.Kind) -> [String] {
        switch kind {
        case .tumbling: ["kind", "size"]
        case .hopping: ["kind", "size", "slide"]
        case .session: ["kind", "gap"]
        }
    }

    static func sink(_ kind: SinkConfiguration.Kind) -> [String] {
        switch kind {
        case .snapshot: ["kind", "path"]
        case .delta: ["kind", "table", "partition_by"]
        case .parquet: ["kind", "path", "partition_by"]
        }
    }
}
