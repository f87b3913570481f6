import LogStore
import RivuletConfig
import RivuletCore

extension LogStoreConfiguration {
    /// The embedded log's settings from `broker:` in rivulet.yml.
    public init(_ config: RivuletConfiguration) {
        self.init(directory: DataDirectory(config).log)
        switch config.broker.fsync {
        case .groupCommit: fsync = .groupCommit
        case .always: fsync = .always
        case .interval: fsync = .interval(config.broker.fsyncInterval)
        case .never: fsync = .none
        }
        topicDefaults.segmentBytes = config.broker.segmentBytes.rawValue
        topicDefaults.segmentAgeMilliseconds = config.broker.segmentAge.milliseconds
        topicDefaults.retentionMilliseconds = config.broker.retention.milliseconds
        topicDefaults.retentionBytes = config.broker.retentionBytes?.rawValue
        maxBatchBytes = Int(min(config.broker.maxRequestBytes.rawValue, Int64(Int32.max)))
    }
}

extension LogTopicConfiguration {
    /// A topic's settings: its own overrides in rivulet.yml over the broker defaults.
    public init(_ topic: RivuletConfig.TopicConfiguration, defaults: LogTopicConfiguration) {
        self = defaults
        if let retention = topic.retention { retentionMilliseconds = retention.milliseconds }
        if let segmentBytes = topic.segmentBytes { self.segmentBytes = segmentBytes.rawValue }
    }
}

extension LogStore {
    /// Opens the embedded log and creates the topics the config declares (existing topics keep
    /// their partitions; a config asking for more grows them).
    public static func open(for config: RivuletConfiguration, clock: any WallClock = SystemWallClock()) throws -> LogStore {
        let settings = LogStoreConfiguration(config)
        let store = try LogStore.open(settings, clock: clock)
        for topic in config.topics {
            let wanted = Int32(topic.partitions)
            if let existing = store.partitions(of: topic.name) {
                if existing.count < wanted { try store.createPartitions(topic.name, totalCount: wanted) }
            } else {
                try store.createTopic(topic.name, partitions: wanted, configuration: .init(topic, defaults: settings.topicDefaults))
            }
        }
        return store
    }
}
