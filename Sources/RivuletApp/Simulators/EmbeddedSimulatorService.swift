import KafkaClient
import KafkaProtocol
import LogStore
import Logging
import NIOCore
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import Simulation

/// A simulator of `rivulet up`: generates its stream on schedule and appends straight to the
/// embedded log, without a socket. Keys go to the partition Kafka's default partitioner
/// would pick (murmur2), so the layout matches `rivulet produce` against a broker. Events due
/// together are appended as one batch per partition; on shutdown the events the fault
/// injector still holds back are appended too, so nothing generated is dropped.
public struct EmbeddedSimulatorService<C: Clock>: Service where C.Duration == Duration {
    let configuration: SimulatorConfiguration
    let log: LogStore
    let blobs: any BlobWriter
    let clock: C
    let wallClock: any WallClock
    let defaultPartitions: Int32
    let logger: Logger
    /// Events appended so far (for the status line).
    public let appended = ManagedCounter()

    public init(
        configuration: SimulatorConfiguration, log: LogStore, lakeRoot: String, defaultPartitions: Int32, clock: C,
        wallClock: any WallClock = SystemWallClock(), logger: Logger
    ) {
        self.configuration = configuration
        self.log = log
        self.blobs = FileBlobWriter(lakeRoot: lakeRoot)
        self.clock = clock
        self.wallClock = wallClock
        self.defaultPartitions = defaultPartitions
        self.logger = logger
    }

    public func run() async throws {
        let initial = try Simulator(configuration, defaultSeed: UInt64(truncatingIfNeeded: wallClock.wallTime().milliseconds))
        for topic in initial.topics where log.partitions(of: topic) == nil {
            try log.createTopic(topic, partitions: defaultPartitions)
        }
        // The loop owns the simulator and the open batches and hands them back when it stops
        // (limits reached, shutdown, or a write error), so what is left is still appended.
        var (simulator, pending) = await cancelWhenGracefulShutdown {
            var simulator = initial
            var pending = PendingBatches()
            let start = clock.now
            // A simulator behind schedule never sleeps, so it checks for shutdown itself.
            while !Task.isCancelled, let slot = simulator.nextSlot(elapsed: start.duration(to: clock.now)) {
                let due = start.advanced(by: slot.due)
                do {
                    if due > clock.now {
                        try flush(&pending)
                        try await clock.sleep(until: due, tolerance: nil)
                    }
                    let event = simulator.event(for: slot, at: wallClock.wallTime())
                    if let blob = event.blob { try blobs.write(blob) }
                    pending.add(event, partition: partition(of: event))
                    if pending.count >= 1000 {
                        try flush(&pending)
                        // Behind schedule it never sleeps; without this it would hold a thread of
                        // the small cooperative pool and slow everything else, shutdown included.
                        await Task.yield()
                    }
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("simulator stopped", metadata: ["simulator": "\(configuration.kind)", "error": "\(error)"])
                    break
                }
            }
            return (simulator, pending)
        }
        for event in simulator.drain() { pending.add(event, partition: partition(of: event)) }
        try flush(&pending)
    }

    private func partition(of event: SimulatedEvent) -> Int32 {
        let count = log.partitions(of: event.topic)?.count ?? 1
        guard let key = event.key else { return Int32(appended.value % Int64(count)) }
        return Murmur2Partitioner.partition(key: key, partitionCount: count)
    }

    private func flush(_ pending: inout PendingBatches) throws {
        for (target, builder) in pending.take() {
            guard let partition = log.partition(target.topic, target.partition) else { continue }
            let count = builder.recordCount
            _ = try partition.append(builder.build().bytes)
            appended.add(Int64(count))
        }
    }
}

/// Record batches being filled, one per topic partition.
struct PendingBatches: Sendable {
    struct Target: Hashable {
        var topic: String
        var partition: Int32
    }

    private var builders: [Target: RecordBatchBuilder] = [:]
    private(set) var count = 0

    mutating func add(_ event: SimulatedEvent, partition: Int32) {
        let target = Target(topic: event.topic, partition: partition)
        builders[target, default: RecordBatchBuilder(estimatedSize: 16 << 10)].append(
            timestamp: event.eventTime.milliseconds, key: event.key.map { ByteBuffer(bytes: $0) },
            value: ByteBuffer(bytes: event.value))
        count += 1
    }

    mutating func take() -> [Target: RecordBatchBuilder] {
        defer {
            builders.removeAll()
            count = 0
        }
        return builders
    }
}
