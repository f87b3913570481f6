import KafkaProtocol
import LogStore

/// Kafka topic config names ↔ `LogTopicConfiguration`, for CreateTopics and DescribeConfigs.
/// Values are parsed once here; nothing else sees config strings.
enum TopicConfigMapping {
    /// One described setting.
    struct Entry: Hashable, Sendable {
        var name: String
        var value: String
        var isDefault: Bool
        /// DescribeConfigs configType: 1 boolean, 2 string, 3 int, 5 long, 7 list.
        var type: Int8
    }

    /// Kafka topic configs that are accepted and have no effect here: replication and
    /// cleaner settings that only mean something on a multi-broker cluster or for
    /// compaction, and flush settings our fsync policy replaces.
    static let acceptedWithoutEffect: Set<String> = [
        "compression.type", "max.message.bytes", "min.insync.replicas", "unclean.leader.election.enable",
        "flush.messages", "flush.ms", "index.interval.bytes", "segment.index.bytes", "segment.jitter.ms",
        "file.delete.delay.ms", "delete.retention.ms", "min.compaction.lag.ms", "max.compaction.lag.ms",
        "min.cleanable.dirty.ratio", "preallocate", "message.downconversion.enable",
        "follower.replication.throttled.replicas", "leader.replication.throttled.replicas",
        "message.timestamp.difference.max.ms", "message.timestamp.before.max.ms", "message.timestamp.after.max.ms",
        "local.retention.ms", "local.retention.bytes", "remote.storage.enable", "message.format.version",
    ]

    struct Problem: Error, Hashable, Sendable {
        var message: String
    }

    /// `base` with `configs` applied; a null value keeps the default.
    static func apply(_ configs: [(name: String, value: String?)], to base: LogTopicConfiguration) -> Result<LogTopicConfiguration, Problem> {
        var result = base
        for (name, value) in configs {
            guard let value else { continue }
            switch name {
            case "retention.ms":
                guard let ms = Int64(value), ms >= -1 else { return .failure(Problem(message: "retention.ms must be -1 or a number of milliseconds, not `\(value)`")) }
                result.retentionMilliseconds = ms == -1 ? nil : ms
            case "retention.bytes":
                guard let bytes = Int64(value), bytes >= -1 else { return .failure(Problem(message: "retention.bytes must be -1 or a byte count, not `\(value)`")) }
                result.retentionBytes = bytes == -1 ? nil : bytes
            case "segment.bytes":
                guard let bytes = Int64(value), bytes >= 1024, bytes <= Int64(Int32.max) else {
                    return .failure(Problem(message: "segment.bytes must be between 1024 and \(Int32.max), not `\(value)`"))
                }
                result.segmentBytes = bytes
            case "segment.ms":
                guard let ms = Int64(value), ms >= 1 else { return .failure(Problem(message: "segment.ms must be a positive number of milliseconds, not `\(value)`")) }
                result.segmentAgeMilliseconds = ms
            case "cleanup.policy":
                guard value == "delete" else { return .failure(Problem(message: "cleanup.policy `\(value)` is not supported; only `delete` is")) }
            case "message.timestamp.type":
                guard value == "CreateTime" else { return .failure(Problem(message: "message.timestamp.type `\(value)` is not supported; only `CreateTime` is")) }
            default:
                guard acceptedWithoutEffect.contains(name) else { return .failure(Problem(message: "unknown topic config `\(name)`")) }
            }
        }
        return .success(result)
    }

    /// Every setting a topic has, in Kafka's names.
    static func describe(_ configuration: LogTopicConfiguration, defaults: LogTopicConfiguration, maxMessageBytes: Int) -> [Entry] {
        [
            Entry(name: "cleanup.policy", value: "delete", isDefault: true, type: 7),
            Entry(name: "compression.type", value: "producer", isDefault: true, type: 2),
            Entry(name: "max.message.bytes", value: "\(maxMessageBytes)", isDefault: true, type: 3),
            Entry(name: "message.timestamp.type", value: "CreateTime", isDefault: true, type: 2),
            Entry(name: "min.insync.replicas", value: "1", isDefault: true, type: 3),
            Entry(
                name: "retention.bytes", value: "\(configuration.retentionBytes ?? -1)",
                isDefault: configuration.retentionBytes == defaults.retentionBytes, type: 5),
            Entry(
                name: "retention.ms", value: "\(configuration.retentionMilliseconds ?? -1)",
                isDefault: configuration.retentionMilliseconds == defaults.retentionMilliseconds, type: 5),
            Entry(
                name: "segment.bytes", value: "\(configuration.segmentBytes)",
                isDefault: configuration.segmentBytes == defaults.segmentBytes, type: 3),
            Entry(
                name: "segment.ms", value: "\(configuration.segmentAgeMilliseconds)",
                isDefault: configuration.segmentAgeMilliseconds == defaults.segmentAgeMilliseconds, type: 5),
        ]
    }
}
