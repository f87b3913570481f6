import Logging
import RivuletCore
import Synchronization

/// The embedded durable log: topics of partitions under one directory (DESIGN §3):
///
/// ```
/// <directory>/__topics.json                      topic catalog (partitions, configs)
/// <directory>/<topic>-<partition>/<base>.log     record batches, as Kafka stores them
///                                 <base>.index   sparse offset → position (sealed segments)
///                                 <base>.timeindex  sparse timestamp → offset
/// <directory>/__consumer_offsets/offsets.log     committed group offsets
/// ```
///
/// Thread-safe; partitions are independent and can be appended to in parallel.
public final class LogStore: Sendable {
    public let configuration: LogStoreConfiguration
    public let consumerOffsets: ConsumerOffsetStore
    let clock: any WallClock
    let logger: Logger
    let flusher: DurabilityFlusher?
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var catalog: TopicCatalog
        var partitions: [String: [PartitionLog]]
        var closed = false
    }

    private init(configuration: LogStoreConfiguration, clock: any WallClock, logger: Logger, flusher: DurabilityFlusher?,
                 catalog: TopicCatalog, partitions: [String: [PartitionLog]], offsets: ConsumerOffsetStore) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.flusher = flusher
        self.consumerOffsets = offsets
        self.state = Mutex(State(catalog: catalog, partitions: partitions))
    }

    /// Opens the log in `configuration.directory`, creating it if needed, and recovers
    /// every partition (see `PartitionLog.open`).
    public static func open(
        _ configuration: LogStoreConfiguration, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "rivulet.log")
    ) throws -> LogStore {
        let directory = configuration.directory
        try FileSystem.createDirectory(directory)
        var catalog = try TopicCatalog.load(directory: directory)
        let flusher: DurabilityFlusher?
        switch configuration.fsync {
        case .groupCommit, .interval: flusher = DurabilityFlusher(policy: configuration.fsync, logger: logger)
        case .always, .none: flusher = nil
        }
        var found: [String: Int32] = [:]
        for name in try FileSystem.list(directory) {
            if name.hasSuffix("-delete") {
                try FileSystem.removeTree(directory + "/" + name)
                continue
            }
            guard !name.hasPrefix("__"), let dash = name.lastIndex(of: "-"),
                let index = Int32(name[name.index(after: dash)...]), index >= 0 else { continue }
            let topic = String(name[..<dash])
            found[topic] = max(found[topic] ?? 0, index + 1)
        }
        let discovered = found.filter { catalog.topics[$0.key] == nil }
        for (topic, count) in discovered {
            catalog.topics[topic] = .init(partitions: count, configuration: configuration.topicDefaults)
        }
        var partitions: [String: [PartitionLog]] = [:]
        for (topic, entry) in catalog.topics {
            partitions[topic] = try (0..<entry.partitions).map { (p) in
                try PartitionLog.open(
                    topic: topic, partition: p, directory: "\(directory)/\(topic)-\(p)", topicConfiguration: entry.configuration,
                    settings: configuration, clock: clock, logger: logger, flusher: flusher)
            }
        }
        if !discovered.isEmpty { try catalog.save(directory: directory) }
        let offsets = try ConsumerOffsetStore.open(directory: directory + "/__consumer_offsets", configuration: configuration, clock: clock, logger: logger)
        flusher?.start()
        return LogStore(configuration: configuration, clock: clock, logger: logger, flusher: flusher,
                        catalog: catalog, partitions: partitions, offsets: offsets)
    }

    public var topicNames: [String] { state.withLock { $0.partitions.keys.sorted() } }

    public func partitions(of topic: String) -> [PartitionLog]? { state.withLock { $0.partitions[topic] } }

    public func partition(_ topic: String, _ index: Int32) -> PartitionLog? {
        state.withLock { s in
            guard let list = s.partitions[topic], index >= 0, Int(index) < list.count else { return nil }
            return list[Int(index)]
        }
    }

    public func topicConfiguration(_ topic: String) -> LogTopicConfiguration? {
        state.withLock { $0.catalog.topics[topic]?.configuration }
    }

    /// Creates a topic; its partitions exist on disk (and in the catalog) when this returns.
    public func createTopic(_ name: String, partitions count: Int32, configuration: LogTopicConfiguration? = nil) throws {
        if let problem = TopicName.problem(name) { throw LogStoreError(.invalidTopic, problem) }
        guard count >= 1, count <= 10_000 else {
            throw LogStoreError(.invalidPartitions, "a topic needs between 1 and 10000 partitions, not \(count)")
        }
        try state.withLock { (s) in
            guard !s.closed else { throw LogStoreError(.closed, "the log is closed") }
            guard s.partitions[name] == nil else { throw LogStoreError(.topicAlreadyExists, "topic `\(name)` already exists") }
            let topicConfiguration = configuration ?? self.configuration.topicDefaults
            let logs = try (0..<count).map { (p) in
                try PartitionLog.open(
                    topic: name, partition: p, directory: "\(self.configuration.directory)/\(name)-\(p)",
                    topicConfiguration: topicConfiguration, settings: self.configuration, clock: clock, logger: logger, flusher: flusher)
            }
            var catalog = s.catalog
            catalog.topics[name] = .init(partitions: count, configuration: topicConfiguration)
            try catalog.save(directory: self.configuration.directory)
            s.catalog = catalog
            s.partitions[name] = logs
        }
    }

    /// Grows a topic to `count` partitions (Kafka cannot shrink them either).
    public func createPartitions(_ name: String, totalCount count: Int32) throws {
        try state.withLock { (s) in
            guard let existing = s.partitions[name], var entry = s.catalog.topics[name] else {
                throw LogStoreError(.unknownTopicOrPartition, "topic `\(name)` does not exist")
            }
            guard count > existing.count, count <= 10_000 else {
                throw LogStoreError(.invalidPartitions, "topic `\(name)` has \(existing.count) partitions; the new count must be larger (and at most 10000), not \(count)")
            }
            let added = try (Int32(existing.count)..<count).map { (p) in
                try PartitionLog.open(
                    topic: name, partition: p, directory: "\(configuration.directory)/\(name)-\(p)",
                    topicConfiguration: entry.configuration, settings: configuration, clock: clock, logger: logger, flusher: flusher)
            }
            entry.partitions = count
            var catalog = s.catalog
            catalog.topics[name] = entry
            try catalog.save(directory: configuration.directory)
            s.catalog = catalog
            s.partitions[name] = existing + added
        }
    }

    /// Changes a topic's retention and segment settings; applies to future rolls and retention runs.
    public func setTopicConfiguration(_ name: String, _ topicConfiguration: LogTopicConfiguration) throws {
        try state.withLock { (s) in
            guard var entry = s.catalog.topics[name], let logs = s.partitions[name] else {
                throw LogStoreError(.unknownTopicOrPartition, "topic `\(name)` does not exist")
            }
            entry.configuration = topicConfiguration
            var catalog = s.catalog
            catalog.topics[name] = entry
            try catalog.save(directory: configuration.directory)
            s.catalog = catalog
            for log in logs { log.setTopicConfiguration(topicConfiguration) }
        }
    }

    /// Deletes a topic: its folders are renamed out of the way first, so a crash midway never
    /// brings it back half-deleted, then removed.
    public func deleteTopic(_ name: String) throws {
        let logs = try state.withLock { (s) -> [PartitionLog] in
            guard let logs = s.partitions[name] else {
                throw LogStoreError(.unknownTopicOrPartition, "topic `\(name)` does not exist")
            }
            var catalog = s.catalog
            catalog.topics[name] = nil
            try catalog.save(directory: configuration.directory)
            s.catalog = catalog
            s.partitions[name] = nil
            return logs
        }
        for log in logs {
            try? log.close()
            let doomed = log.directory + ".\(clock.wallTime().milliseconds)-delete"
            try FileSystem.rename(log.directory, doomed)
            try FileSystem.removeTree(doomed)
        }
    }

    /// Runs retention over every partition; returns the number of segments deleted.
    @discardableResult
    public func applyRetention() throws -> Int {
        let all = state.withLock { $0.partitions.values.flatMap { $0 } }
        var deleted = 0
        for log in all { deleted += try log.applyRetention() }
        return deleted
    }

    /// Flushes and closes every partition. Appends and waits after this fail with `.closed`.
    public func close() throws {
        let all = state.withLock { s -> [PartitionLog] in
            guard !s.closed else { return [] }
            s.closed = true
            return s.partitions.values.flatMap { $0 }
        }
        flusher?.stop()
        var firstError: (any Error)?
        for log in all {
            do { try log.close() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
