import KafkaClient
import Logging
import RivuletCore
import Synchronization

/// What `rivulet consume` reads and how it stops.
public struct ConsumeOptions: Sendable {
    public var topic: String
    /// With a group: subscribe, start from the group's commits, commit what was printed.
    public var group: String?
    public var fromBeginning = false
    /// Without a group: read only this partition.
    public var partition: Int32?
    /// Without a group: start at this offset (needs `partition`).
    public var offset: Int64?
    /// Stop after this many records.
    public var maxRecords: Int?
    public var format: RecordFormat = .json
    /// Stop when no record arrived for this long.
    public var idleTimeout: Duration?
    /// How often progress is committed while records flow (with a group).
    public var commitInterval: Duration = .seconds(5)

    public init(topic: String) { self.topic = topic }

    /// Flag combinations that cannot mean anything are usage errors.
    public func validate() throws(RivuletError) {
        if group != nil, partition != nil || offset != nil {
            throw RivuletError(.invalidArgument, "--partition and --offset read without a group; drop --group or them")
        }
        if offset != nil, partition == nil {
            throw RivuletError(.invalidArgument, "--offset needs --partition")
        }
        if offset != nil, fromBeginning {
            throw RivuletError(.invalidArgument, "--offset and --from-beginning both say where to start; use one")
        }
        if let maxRecords, maxRecords < 1 { throw RivuletError(.invalidArgument, "--max must be at least 1") }
        if let offset, offset < 0 { throw RivuletError(.invalidArgument, "--offset must be 0 or more") }
    }
}

/// One `rivulet consume` run: prints records to standard output until `--max`, `--timeout`,
/// or SIGINT/SIGTERM, then commits exactly what it printed (with a group), leaves the group
/// and returns how many records it printed.
///
/// Commits are made here, not by the consumer's auto-commit, so that a record counts as
/// consumed only once it is on standard output: the reader prints and records the next
/// offset under one lock, and stopping takes that lock before the final commit.
public final class ConsumeSession: Sendable {
    struct Progress {
        var output = RecordOutput()
        var printed = 0
        var next: [TopicPartition: Offset] = [:]
        var stopped = false
        var lastActivity = ContinuousClock.now
    }

    let options: ConsumeOptions
    let client: KafkaClientConfiguration
    let logger: Logger
    let progress = Mutex(Progress())

    public init(client: KafkaClientConfiguration, options: ConsumeOptions, logger: Logger) throws(RivuletError) {
        try options.validate()
        self.client = client
        self.options = options
        self.logger = logger
    }

    public func run() async throws -> Int {
        var configuration = KafkaConsumerConfiguration(client: client, groupID: options.group)
        configuration.autoOffsetReset = options.fromBeginning ? .earliest : .latest
        configuration.enableAutoCommit = false
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try await start(consumer)
        try await withStopSignals(stop: { await self.stop(consumer) }) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await consumer.run() }
                group.addTask { try await self.read(consumer) }
                group.addTask { await self.watch(consumer) }
                // The reader finishes first (max, idle, signal); then the consumer and the watch.
                try await group.next()
                try await group.waitForAll()
            }
        }
        return progress.withLock { $0.printed }
    }

    /// Subscribes with a group; otherwise assigns the topic's partitions and seeks if asked.
    private func start(_ consumer: KafkaConsumer) async throws {
        if options.group != nil {
            try consumer.subscribe(topics: [options.topic])
            return
        }
        let admin = KafkaAdmin(configuration: client, logger: logger)
        let described = try await admin.describeTopics([options.topic])
        await admin.close()
        guard let topic = described.first(where: { $0.name == options.topic }), !topic.partitions.isEmpty else {
            throw KafkaClientError(.unknownTopicOrPartition, "no such topic: \(options.topic)")
        }
        var partitions = topic.partitions.map { TopicPartition(options.topic, $0.partition) }
        if let wanted = options.partition {
            guard partitions.contains(TopicPartition(options.topic, wanted)) else {
                throw RivuletError(
                    .invalidArgument, "topic \(options.topic) has no partition \(wanted) (it has \(partitions.count))")
            }
            partitions = [TopicPartition(options.topic, wanted)]
        }
        consumer.assign(partitions)
        if let offset = options.offset, let tp = partitions.first {
            try await consumer.seek(tp, to: .exact(Offset(offset)))
        }
    }

    private func read(_ consumer: KafkaConsumer) async throws {
        var lastCommit = ContinuousClock.now
        for try await record in consumer.records {
            let (printed, stopped) = progress.withLock { p -> (Int, Bool) in
                guard !p.stopped else { return (p.printed, true) }
                p.output.write(record, as: options.format)
                p.printed += 1
                p.next[record.topicPartition] = record.offset + 1
                p.lastActivity = .now
                return (p.printed, false)
            }
            if stopped { break }
            if let max = options.maxRecords, printed >= max { break }
            if options.group != nil, lastCommit.duration(to: .now) >= options.commitInterval {
                try await commitPrinted(consumer)
                lastCommit = .now
            }
        }
        await stop(consumer)
    }

    /// Flushes the output, commits what was printed and closes the consumer (which leaves
    /// the group). Safe to call more than once.
    func stop(_ consumer: KafkaConsumer) async {
        let first = progress.withLock { p -> Bool in
            defer { p.stopped = true }
            p.output.flush()
            return !p.stopped
        }
        guard first else { return }
        if options.group != nil {
            do { try await commitPrinted(consumer) } catch {
                logger.error("final commit failed; the next run may print some records again", metadata: ["error": "\(error)"])
            }
        }
        consumer.close()
    }

    private func commitPrinted(_ consumer: KafkaConsumer) async throws {
        let offsets = progress.withLock { $0.next }
        guard !offsets.isEmpty else { return }
        try await consumer.commit(offsets)
    }

    /// Flushes output a few times a second (so a pipe sees records without waiting for a
    /// full buffer) and ends the run after `idleTimeout` without records.
    private func watch(_ consumer: KafkaConsumer) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            let (idle, stopped) = progress.withLock { p in
                p.output.flush()
                return (p.lastActivity.duration(to: .now), p.stopped)
            }
            if stopped { return }
            if let timeout = options.idleTimeout, idle >= timeout {
                await stop(consumer)
                return
            }
        }
    }
}
