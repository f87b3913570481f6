import KafkaProtocol
import Logging
import NIOCore
import RivuletCore
import ServiceLifecycle
import Synchronization

/// Sends records to any Kafka-protocol broker: batching per partition with linger and
/// batch size, snappy/lz4 compression, acks, idempotence (no duplicates on retry), Kafka's
/// murmur2 key partitioner, and back-pressure from a bounded buffer.
///
/// `run()` is the sender: it must be running (as a `Service` in a `ServiceGroup`, or in a
/// task group) for anything to be delivered. Graceful shutdown, or `close()`, delivers
/// everything accepted so far and then returns from `run()`.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: .init(client: try .init(bootstrap: "127.0.0.1:9092")), logger: logger)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await producer.run() }
///     let metadata = try await producer.send(topic: "iot-metrics", key: Array("device-1".utf8), value: Array(json.utf8))
///     try await producer.close()
/// }
/// ```
public final class KafkaProducer: Service, Sendable {
    struct State: Sendable {
        var accumulator: RecordAccumulator
        var partitionCounts: [String: Int] = [:]
        var memoryWaiters: [(bytes: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var flushWaiters: [CheckedContinuation<Void, Never>] = []
        /// First failure of a fire-and-forget record since the last `flush()`.
        var unreportedFailure: KafkaClientError?
        var closing = false
        var closed = false
    }

    public let configuration: KafkaProducerConfiguration
    let logger: Logger
    let cluster: KafkaCluster
    let clock: ElapsedClock
    let wallClock: any WallClock
    let state: Mutex<State>
    let wakeup = Wakeup()
    let counters = ProducerCounters()

    public init(
        configuration: KafkaProducerConfiguration, logger: Logger, clock: some Clock<Duration> = ContinuousClock(),
        wallClock: any WallClock = SystemWallClock()
    ) throws(KafkaClientError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        self.clock = ElapsedClock(clock)
        self.wallClock = wallClock
        self.cluster = KafkaCluster(configuration: configuration.client, logger: logger, clock: clock)
        let limits = RecordAccumulator.Limits(
            batchSize: configuration.batchSize, bufferMemory: configuration.bufferMemory,
            maxInFlightPerPartition: configuration.maxInFlightPerPartition, linger: configuration.linger,
            deliveryTimeout: configuration.deliveryTimeout, idempotent: configuration.idempotent)
        let seed = configuration.partitionerSeed ?? UInt64.random(in: 0...UInt64.max)
        self.state = Mutex(State(accumulator: RecordAccumulator(limits: limits, partitionerSeed: seed)))
    }

    // MARK: sending

    /// Sends one record and returns where it was written once the broker acknowledged it.
    /// Waits while the buffer is full. `partition` overrides the partitioner; `timestamp`
    /// defaults to the wall clock.
    @discardableResult
    public func send(
        topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [(String, [UInt8]?)] = [],
        partition: Int32? = nil, timestamp: Timestamp? = nil
    ) async throws(KafkaClientError) -> RecordMetadata {
        try await send(
            topic: topic, key: key.map { ByteBuffer(bytes: $0) }, value: value.map { ByteBuffer(bytes: $0) },
            headers: headers.map { RecordHeader(key: $0.0, value: $0.1.map { ByteBuffer(bytes: $0) }) },
            partition: partition, timestamp: timestamp)
    }

    @discardableResult
    public func send(
        topic: String, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = [], partition: Int32? = nil,
        timestamp: Timestamp? = nil
    ) async throws(KafkaClientError) -> RecordMetadata {
        let prepared = try await prepare(topic: topic, key: key, value: value, headers: headers, partition: partition)
        do {
            return try await withCheckedThrowingContinuation { continuation in
                append(prepared, timestamp: timestamp, completion: .continuation(continuation))
            }
        } catch {
            throw KafkaClientError.wrap(error, "send to \(topic)")
        }
    }

    /// Accepts the record and returns without waiting for the broker (but waits for buffer
    /// space). Failures surface from the next `flush()` or `close()`.
    public func sendAndForget(
        topic: String, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = [], partition: Int32? = nil,
        timestamp: Timestamp? = nil
    ) async throws(KafkaClientError) {
        if appendNow(topic: topic, key: key, value: value, headers: headers, partition: partition, timestamp: timestamp) {
            return
        }
        let prepared = try await prepare(topic: topic, key: key, value: value, headers: headers, partition: partition)
        append(prepared, timestamp: timestamp, completion: .none)
    }

    /// The common case of `sendAndForget` in one lock and no suspension: a topic whose
    /// partition count is known, a valid partition, and room in the buffer with nobody
    /// queued for it. False when the record needs the full path (which also reports errors).
    private func appendNow(
        topic: String, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader], partition: Int32?, timestamp: Timestamp?
    ) -> Bool {
        let size = RecordAccumulator.estimatedSize(key: key, value: value, headers: headers)
        guard size <= configuration.maxRequestSize, size <= configuration.bufferMemory else { return false }
        let millis = (timestamp ?? wallClock.wallTime()).milliseconds
        let now = clock.now()
        let outcome = state.withLock { state -> (appended: Bool, wake: Bool) in
            guard !state.closing, let count = state.partitionCounts[topic], partition.map({ (0..<Int32(count)).contains($0) }) ?? true,
                state.memoryWaiters.isEmpty, state.accumulator.hasRoom(for: size)
            else { return (false, false) }
            let appended = state.accumulator.append(
                topic: topic, partition: partition, partitionCount: count, key: key, value: value, headers: headers,
                timestamp: millis, completion: .none, now: now)
            return (true, appended.sealed || appended.opened)
        }
        if outcome.wake { wakeup.raise() }
        return outcome.appended
    }

    public func sendAndForget(
        topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [(String, [UInt8]?)] = [],
        partition: Int32? = nil, timestamp: Timestamp? = nil
    ) async throws(KafkaClientError) {
        try await sendAndForget(
            topic: topic, key: key.map { ByteBuffer(bytes: $0) }, value: value.map { ByteBuffer(bytes: $0) },
            headers: headers.map { RecordHeader(key: $0.0, value: $0.1.map { ByteBuffer(bytes: $0) }) },
            partition: partition, timestamp: timestamp)
    }

    struct Prepared {
        var topic: String
        var partition: Int32?
        var partitionCount: Int
        var key: ByteBuffer?
        var value: ByteBuffer?
        var headers: [RecordHeader]
    }

    /// Checks the record, learns the topic's partition count, and reserves buffer memory.
    private func prepare(
        topic: String, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader], partition: Int32?
    ) async throws(KafkaClientError) -> Prepared {
        let size = RecordAccumulator.estimatedSize(key: key, value: value, headers: headers)
        guard size <= configuration.maxRequestSize, size <= configuration.bufferMemory else {
            throw KafkaClientError(
                .recordTooLarge,
                "record of about \(size) bytes exceeds maxRequestSize \(configuration.maxRequestSize) or bufferMemory")
        }
        let count = try await partitionCount(of: topic)
        if let partition, !(0..<Int32(count)).contains(partition) {
            throw KafkaClientError(.unknownTopicOrPartition, "topic \(topic) has no partition \(partition) (it has \(count))")
        }
        try await reserve(bytes: size)
        return Prepared(topic: topic, partition: partition, partitionCount: count, key: key, value: value, headers: headers)
    }

    private func append(_ record: Prepared, timestamp: Timestamp?, completion: RecordCompletion) {
        let millis = (timestamp ?? wallClock.wallTime()).milliseconds
        let now = clock.now()
        let outcome: Result<Bool, KafkaClientError> = state.withLock { state in
            guard !state.closing else { return .failure(KafkaClientError(.closed, "the producer is closed")) }
            let appended = state.accumulator.append(
                topic: record.topic, partition: record.partition, partitionCount: record.partitionCount,
                key: record.key, value: record.value, headers: record.headers, timestamp: millis,
                completion: completion, now: now)
            return .success(appended.sealed || appended.opened)
        }
        switch outcome {
        case .success(let wake):
            // A new open batch needs the sender to arm its linger timer; a sealed one to send.
            // Records joining an open batch change neither, and waking the sender per record
            // costs more than the record.
            if wake { wakeup.raise() }
        case .failure(let error):
            completion.resume(.failure(error))
        }
    }

    private func partitionCount(of topic: String) async throws(KafkaClientError) -> Int {
        if let count = state.withLock({ $0.partitionCounts[topic] }) { return count }
        guard !topic.isEmpty, topic.utf8.count <= 249 else {
            throw KafkaClientError(.invalidArgument, "topic name '\(topic)' is empty or longer than 249 bytes")
        }
        let deadline = clock.now() + configuration.maxBlock
        var lastError: KafkaClientError?
        while clock.now() < deadline {
            do {
                let metadata = try await cluster.metadata(
                    for: [topic], allowAutoTopicCreation: configuration.allowAutoTopicCreation)
                if let count = metadata.partitionCount(of: topic) {
                    state.withLock { $0.partitionCounts[topic] = count }
                    return count
                }
            } catch {
                guard error.isRetriable else { throw error }
                lastError = error
            }
            do { try await sleep(on: clock.clock, for: configuration.client.reconnectBackoffMax / 4) } catch {
                throw KafkaClientError(.closed, "cancelled while waiting for metadata of \(topic)")
            }
        }
        throw KafkaClientError(
            .unknownTopicOrPartition, "topic \(topic) has no partitions after \(configuration.maxBlock)", cause: lastError)
    }

    /// Waits until `bytes` fit in `bufferMemory` (FIFO with other waiters).
    private func reserve(bytes: Int) async throws(KafkaClientError) {
        let mustWait = state.withLock { state in
            !(state.memoryWaiters.isEmpty && state.accumulator.hasRoom(for: bytes))
        }
        guard mustWait else { return }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Bool in
                    if state.memoryWaiters.isEmpty, state.accumulator.hasRoom(for: bytes) { return true }
                    state.memoryWaiters.append((bytes, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } catch {
            throw KafkaClientError.wrap(error, "waiting for producer buffer space")
        }
    }

    /// Wakes memory waiters that fit now. Called after batches leave the accumulator.
    func releaseMemoryWaiters() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            var ready: [CheckedContinuation<Void, any Error>] = []
            // Admission happens on append; a woken waiter may briefly overshoot, bounded by one record each.
            var projected = state.accumulator.bufferedBytes
            while let first = state.memoryWaiters.first,
                projected == 0 || projected + first.bytes <= configuration.bufferMemory
            {
                projected += first.bytes
                ready.append(first.continuation)
                state.memoryWaiters.removeFirst()
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    // MARK: flush and close

    /// Sends everything accepted so far and waits until it is acknowledged or failed. Throws
    /// the first failure of a fire-and-forget record since the previous flush.
    public func flush() async throws(KafkaClientError) {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.accumulator.isEmpty { return true }
                state.accumulator.flushing = true
                state.flushWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() } else { wakeup.raise() }
        }
        if let failure = state.withLock({ state -> KafkaClientError? in
            defer { state.unreportedFailure = nil }
            return state.unreportedFailure
        }) {
            throw failure
        }
    }

    /// Stops accepting records, delivers everything in flight, and lets `run()` return.
    public func close() async throws(KafkaClientError) {
        beginClose()
        try await flush()
    }

    func beginClose() {
        state.withLock {
            $0.closing = true
            $0.accumulator.flushing = true
        }
        wakeup.raise()
    }
}
