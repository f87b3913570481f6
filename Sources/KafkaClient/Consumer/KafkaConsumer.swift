import KafkaProtocol
import Logging
import RivuletCore
import ServiceLifecycle
import Synchronization

/// Reads records from any Kafka-protocol broker, as a member of a consumer group
/// (`subscribe`) or from partitions chosen by the caller (`assign`).
///
/// `run()` does the work: it fetches ahead (one Fetch in flight per broker while the
/// application handles earlier records, bounded by `maxBufferedFetches`), and in group mode
/// joins the group, heartbeats, rebalances and auto-commits. `records` is the application's
/// `AsyncSequence`; iterate it from one task. Graceful shutdown or `close()` commits (with
/// auto-commit), leaves the group and ends the sequence.
///
/// ```swift
/// var configuration = KafkaConsumerConfiguration(client: try .init(bootstrap: "127.0.0.1:9092"), groupID: "dashboard")
/// configuration.autoOffsetReset = .earliest
/// let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
/// try consumer.subscribe(topics: ["iot-metrics"])
/// group.addTask { try await consumer.run() }
/// for try await record in consumer.records { handle(record.valueString) }
/// ```
public final class KafkaConsumer: Service, Sendable {
    public let configuration: KafkaConsumerConfiguration
    let logger: Logger
    let cluster: KafkaCluster
    let clock: ElapsedClock
    let state = Mutex(SubscriptionState())
    let buffer: FetchBuffer
    let fetcherWakeup = Wakeup()
    let groupWakeup = Wakeup()
    let stopping = Atomic<Bool>(false)

    public init(
        configuration: KafkaConsumerConfiguration, logger: Logger, clock: some Clock<Duration> = ContinuousClock()
    ) throws(KafkaClientError) {
        guard !configuration.assignmentStrategies.isEmpty else {
            throw KafkaClientError(.invalidArgument, "a consumer needs at least one assignment strategy")
        }
        guard configuration.heartbeatInterval < configuration.sessionTimeout else {
            throw KafkaClientError(.invalidArgument, "heartbeatInterval must be shorter than sessionTimeout")
        }
        self.configuration = configuration
        self.logger = logger
        self.clock = ElapsedClock(clock)
        self.cluster = KafkaCluster(configuration: configuration.client, logger: logger, clock: clock)
        self.buffer = FetchBuffer(capacity: configuration.maxBufferedFetches)
    }

    // MARK: what to read

    /// Joins the consumer group (needs `groupID`) for `topics`; `run()` gets the assignment.
    public func subscribe(topics: [String]) throws(KafkaClientError) {
        guard configuration.groupID != nil else {
            throw KafkaClientError(.invalidArgument, "subscribe needs a groupID; use assign(_:) to read without a group")
        }
        guard !topics.isEmpty else { throw KafkaClientError(.invalidArgument, "subscribe needs at least one topic") }
        state.withLock { $0.subscribe(topics) }
        groupWakeup.raise()
    }

    /// Reads exactly these partitions, without group membership. Starting offsets come from
    /// the group's commits (when `groupID` is set) or `autoOffsetReset`, unless you `seek`.
    public func assign(_ partitions: [TopicPartition]) {
        state.withLock { $0.assignManually(partitions) }
        fetcherWakeup.raise()
    }

    public var assignment: [TopicPartition] { state.withLock { $0.assignment } }

    /// The next offset the application will receive for `tp`, once known.
    public func position(_ tp: TopicPartition) -> Offset? { state.withLock { $0.partition(tp)?.consumed } }

    /// Moves the read position of an assigned partition: to an offset, the start, the end,
    /// or the first record at or after a timestamp (the end when there is none).
    public func seek(_ tp: TopicPartition, to spec: OffsetSpec) async throws(KafkaClientError) {
        guard state.withLock({ $0.partition(tp) != nil }) else {
            throw KafkaClientError(.invalidArgument, "cannot seek \(tp): it is not assigned to this consumer")
        }
        var offset: Offset
        if case .exact(let exact) = spec {
            offset = exact
        } else {
            let found = try await OffsetLookup.offsets([tp], spec: spec, cluster: cluster)[tp] ?? nil
            if let found {
                offset = found
            } else {
                offset = (try await OffsetLookup.offsets([tp], spec: .latest, cluster: cluster)[tp] ?? nil) ?? .zero
            }
        }
        state.withLock { $0.seek(tp, to: offset) }
        fetcherWakeup.raise()
    }

    public func pause(_ partitions: [TopicPartition]) {
        state.withLock { state in for tp in partitions { state.setPaused(tp, true) } }
    }

    public func resume(_ partitions: [TopicPartition]) {
        state.withLock { state in for tp in partitions { state.setPaused(tp, false) } }
        fetcherWakeup.raise()
    }

    public var paused: [TopicPartition] {
        state.withLock { state in state.assignment.filter { state.partition($0)?.paused == true } }
    }

    // MARK: records

    /// The records, in offset order per partition. Ends after `close()`.
    public var records: ConsumerRecords { ConsumerRecords(consumer: self) }

    // MARK: commits

    /// Commits what the application has received so far on every assigned partition.
    public func commit() async throws(KafkaClientError) {
        try await commit(state.withLock { $0.consumedOffsets })
    }

    /// Commits explicit offsets: each the next offset to read, as Kafka defines a commit.
    public func commit(_ offsets: [TopicPartition: Offset]) async throws(KafkaClientError) {
        guard let group = configuration.groupID else {
            throw KafkaClientError(.invalidArgument, "committing offsets needs a groupID")
        }
        let (generation, member) = state.withLock { ($0.generationID, $0.memberID) }
        try await GroupOffsets.commit(
            group: group, generationID: generation, memberID: member, offsets: offsets, cluster: cluster)
    }

    /// The group's committed offsets for `partitions` (absent where nothing was committed).
    public func committed(_ partitions: [TopicPartition]) async throws(KafkaClientError) -> [TopicPartition: Offset] {
        guard let group = configuration.groupID else {
            throw KafkaClientError(.invalidArgument, "committed offsets need a groupID")
        }
        return try await GroupOffsets.fetch(group: group, partitions: partitions, cluster: cluster)
    }

    // MARK: lifecycle

    /// Commits (with auto-commit), leaves the group and ends `records`; `run()` then returns.
    public func close() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        fetcherWakeup.raise()
        groupWakeup.raise()
        buffer.finish()
    }

    var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.fetchLoop() }
                if self.configuration.groupID != nil { group.addTask { await self.groupLoop() } }
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.close()
        }
        buffer.finish()
        await cluster.close()
    }
}

/// The consumer's records as an `AsyncSequence`. One iterator at a time.
public struct ConsumerRecords: AsyncSequence, Sendable {
    public typealias Element = ConsumerRecord
    let consumer: KafkaConsumer

    public func makeAsyncIterator() -> Iterator { Iterator(consumer: consumer) }

    public struct Iterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        /// The chunk being handed out; its records are moved out one by one, not copied.
        var records: [ConsumerRecord] = []
        var topicPartition = TopicPartition("", 0)
        var epoch: UInt64 = 0
        var index = 0

        init(consumer: KafkaConsumer) {
            self.consumer = consumer
        }

        public mutating func next() async throws(KafkaClientError) -> ConsumerRecord? {
            while true {
                if index < records.count {
                    var record = ConsumerRecord.movedOut
                    swap(&record, &records[index])
                    index += 1
                    let (tp, epoch) = (topicPartition, self.epoch)
                    let fresh = consumer.state.withLock { $0.consumed(tp, epoch: epoch, offset: record.offset) }
                    if fresh { return record }
                    records = []  // sought, paused or revoked: the rest of this chunk is stale
                    continue
                }
                guard let next = try await consumer.buffer.next() else { return nil }
                records = next.records
                topicPartition = next.topicPartition
                epoch = next.epoch
                index = 0
            }
        }
    }
}
