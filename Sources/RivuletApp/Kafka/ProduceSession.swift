import KafkaClient
import Logging
import NIOCore
import RivuletCore
import Simulation
import Synchronization

/// One `rivulet produce` run: a simulator paced by its schedule, sending through a
/// `KafkaProducer` to any Kafka-protocol broker, key = device id, record timestamp = event time.
///
/// Stops at `--count`/`--duration`, or at SIGINT/SIGTERM; then sends the events the
/// out-of-order fault still holds back, flushes everything in flight and returns the totals.
/// Nothing accepted by the producer is dropped silently: a record either is acknowledged or
/// counts as an error.
public final class ProduceSession: Sendable {
    let options: ProduceOptions
    let client: KafkaClientConfiguration
    let logger: Logger
    let report: @Sendable (String) -> Void
    let stopping = Atomic<Bool>(false)
    let sent = Atomic<Int>(0)
    let sendErrors = Atomic<Int>(0)

    /// `report` receives the progress lines (every `progressInterval`).
    public init(
        client: KafkaClientConfiguration, options: ProduceOptions, logger: Logger,
        report: @escaping @Sendable (String) -> Void
    ) {
        self.client = client
        self.options = options
        self.logger = logger
        self.report = report
    }

    public func run() async throws -> ProduceTotals {
        let simulator = try Simulator(
            stream: options.stream, seed: options.seed, devices: options.devices, rate: options.rate,
            jitter: options.jitter, topic: options.topic, faults: options.faults, limits: options.limits)
        await createTopics(simulator.topics)
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.compression = options.compression
        // Batches of up to 256 KiB (Java's default is 16 KiB): with acks=all each round trip
        // waits for an fsync, so at --rate max the batch size sets the throughput. Linger
        // still sends a partial batch within 5 ms at low rates.
        configuration.batchSize = 256 * 1024
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let blobs = FileBlobWriter(lakeRoot: options.lakeRoot)
        let start = ContinuousClock.now
        report(
            "producing \(options.stream.rawValue) to \(simulator.topics.joined(separator: ",")): \(options.devices) devices, "
                + "rate \(options.rate), seed \(options.seed)")
        let faults = try await withStopSignals(stop: { self.stopping.store(true, ordering: .relaxed) }) {
            try await withThrowingTaskGroup(of: [String: Int]?.self) { group in
                group.addTask {
                    try await producer.run()
                    return nil
                }
                group.addTask { await self.reportProgress(producer, since: start) }
                group.addTask {
                    var local = simulator
                    defer { self.stopping.store(true, ordering: .relaxed) }
                    do {
                        try await self.generate(&local, producer: producer, blobs: blobs, start: start)
                    } catch {
                        try? await producer.close()
                        throw error
                    }
                    do { try await producer.close() } catch {
                        // Counted per record in the producer's statistics; the totals say how many.
                        self.logger.warning("some records were not delivered", metadata: ["error": "\(error)"])
                    }
                    return local.faultCounts.reduce(into: [:]) { $0[$1.key.description] = $1.value }
                }
                var faults: [String: Int] = [:]
                while let result = try await group.next() {
                    if let result { faults = result }
                }
                return faults
            }
        }
        let statistics = producer.statistics
        return ProduceTotals(
            sent: sent.load(ordering: .relaxed), acknowledged: statistics.acknowledged,
            errors: statistics.failed + sendErrors.load(ordering: .relaxed), faults: faults,
            elapsed: start.duration(to: .now))
    }

    private func generate(
        _ simulator: inout Simulator, producer: KafkaProducer, blobs: FileBlobWriter, start: ContinuousClock.Instant
    ) async throws {
        let wallClock = SystemWallClock()
        while !stopping.load(ordering: .relaxed), let slot = simulator.nextSlot(elapsed: start.duration(to: .now)) {
            if case .perSecond = options.rate { await sleep(until: start + slot.due) }
            if stopping.load(ordering: .relaxed) { break }
            try await send(simulator.event(for: slot, at: wallClock.wallTime()), producer: producer, blobs: blobs)
        }
        // Events held back to be sent out of order were generated; they are not dropped on stop.
        for event in simulator.drain() { try await send(event, producer: producer, blobs: blobs) }
    }

    private func send(_ event: SimulatedEvent, producer: KafkaProducer, blobs: FileBlobWriter) async throws {
        // The snapshot is stored before the event naming it, so its URL never dangles.
        if let blob = event.blob { try blobs.write(blob) }
        let error = await offer(event, to: producer)
        guard let error else {
            sent.add(1, ordering: .relaxed)
            return
        }
        // One oversized (malformed) event must not end the run; it is counted as an error.
        guard error.code == .recordTooLarge else { throw error }
        sendErrors.add(1, ordering: .relaxed)
        logger.warning("record not sent", metadata: ["error": "\(error)"])
    }

    /// Hands the event to the producer; the failure, if it refused it.
    private func offer(_ event: SimulatedEvent, to producer: KafkaProducer) async -> KafkaClientError? {
        do {
            try await producer.sendAndForget(
                topic: event.topic, key: event.key, value: event.value, timestamp: event.eventTime)
            return nil
        } catch {
            return error
        }
    }

    /// Sleeps in short steps so that a stop request is noticed within 100 ms.
    private func sleep(until deadline: ContinuousClock.Instant) async {
        while !stopping.load(ordering: .relaxed) {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { return }
            try? await Task.sleep(for: min(left, .milliseconds(100)))
        }
    }

    private func reportProgress(_ producer: KafkaProducer, since start: ContinuousClock.Instant) async -> [String: Int]? {
        var lastSent = 0
        var lastTime = start
        var nextReport = start + options.progressInterval
        let step = min(options.progressInterval, .milliseconds(100))
        while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
            try? await Task.sleep(for: step)
            guard ContinuousClock.now >= nextReport else { continue }
            let now = ContinuousClock.now
            let total = sent.load(ordering: .relaxed)
            let seconds = max(lastTime.duration(to: now) / .seconds(1), 1e-9)
            let statistics = producer.statistics
            let progress = ProduceProgress(
                rate: Double(total - lastSent) / seconds, sent: total,
                errors: statistics.failed + sendErrors.load(ordering: .relaxed), statistics: statistics)
            report(progress.line(options.progressFormat))
            (lastSent, lastTime) = (total, now)
            nextReport = now + options.progressInterval
        }
        return nil
    }

    /// Creates the stream's topics that do not exist yet with the configured partition
    /// counts, so that a remote cluster without auto-creation works too. Best effort: the
    /// producer's metadata wait reports a topic that still does not exist.
    private func createTopics(_ topics: [String]) async {
        let admin = KafkaAdmin(configuration: client, logger: logger)
        do {
            let existing = Set(try await admin.listTopics(includeInternal: true))
            let missing = topics.filter { !existing.contains($0) }.map {
                NewTopic(name: $0, partitions: Int32(options.partitions[$0] ?? options.defaultPartitions))
            }
            try await admin.createTopics(missing, ifNotExists: true)
        } catch {
            logger.warning("could not create topics; relying on auto-creation", metadata: ["error": "\(error)"])
        }
        await admin.close()
    }
}
