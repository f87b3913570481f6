import RivuletConfig

extension RivuletConfiguration {
    /// The default configuration over a scratch data directory, with one `iot-metrics` topic
    /// of `partitions` and no fsync: the engine benches time the engine, not the disk.
    static func benchScratch(directory: String, partitions: Int) -> RivuletConfiguration {
        var config = RivuletConfiguration.default
        config.dataDir = directory
        config.broker.fsync = .never
        config.topics = [TopicConfiguration(name: "iot-metrics", partitions: partitions)]
        return config
    }
}
