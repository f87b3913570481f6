import Foundation
import KafkaBroker
import KafkaClient
import LogStore
import Logging
import RivuletConfig
import RivuletCore

/// `rivulet bench broker`: the embedded broker on 127.0.0.1 (ephemeral port) over a scratch
/// log with group commit, driven by the Swift `KafkaClient` in the same process, so every
/// figure includes both sides (CPU time is the whole process's, user + sys).
///
/// Cases: produce (512-byte values, acks=all, idempotent, the client's default batching),
/// consume of the same records, produce-to-consume latency at a paced 10,000 msg/s with a
/// 10 ms fetch max wait, `rivulet produce iot --rate max` through the client, and the client
/// consuming those events back.
public struct BrokerBenchmark: Sendable {
    public var messages = 1_000_000
    public var messageBytes = 512
    public var latencyMessages = 30_000
    public var latencyRate = 10_000
    public var simulatorEvents = 1_000_000
    public let directory: String
    let config: RivuletConfiguration

    public init(directory: String, config: RivuletConfiguration) {
        self.directory = directory
        self.config = config
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> BenchReport {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = LogStoreConfiguration(directory: directory + "/log")
        settings.fsync = .groupCommit
        let store = try LogStore.open(settings)
        defer { try? store.close() }
        var brokerLogger = Logger(label: "rivulet.bench.broker")
        brokerLogger.logLevel = .warning
        let broker = KafkaBrokerService(
            configuration: KafkaBrokerConfiguration(host: "127.0.0.1", port: 0), logStore: store, logger: brokerLogger)
        return try await withThrowingTaskGroup(of: BenchReport?.self) { group in
            group.addTask {
                try await broker.run()
                return nil
            }
            let address = try await broker.listeningAddress()
            let report = try await cases(bootstrap: "\(address.host):\(address.port)", store: store, progress: progress)
            group.cancelAll()
            while try await group.next() != nil {}
            return report
        }
    }

    private func cases(bootstrap: String, store: LogStore, progress: (String) -> Void) async throws -> BenchReport {
        var report = BenchReport(bench: "broker")
        let client = try KafkaClientConfiguration(bootstrap: bootstrap)
        try store.createTopic("bench", partitions: 3)
        try store.createTopic("bench-latency", partitions: 1)

        progress("produce \(messages) × \(messageBytes) B, acks=all")
        let produced = try await Measured.run { try await produce(client, topic: "bench") }
        report.addThroughput("produce", messages: messages, bytes: messages * messageBytes, produced)

        progress("consume \(messages) × \(messageBytes) B")
        let consumed = try await Measured.run {
            try await consume(client, topic: "bench", partitions: 3, count: messages)
        }
        report.addThroughput("consume", messages: messages, bytes: consumed.value, consumed)

        progress("latency at \(latencyRate) msg/s, fetch max wait 10 ms")
        let latencies = try await latency(client, topic: "bench-latency")
        report.add("latency_p50_ms", Self.percentile(latencies, 0.50) * 1000, "ms")
        report.add("latency_p99_ms", Self.percentile(latencies, 0.99) * 1000, "ms")
        report.add("latency_max_ms", (latencies.max() ?? 0) * 1000, "ms")

        progress("produce iot --rate max, \(simulatorEvents) events")
        let simulated = try await Measured.run { try await simulate(client, topic: "bench-iot") }
        report.add("produce_iot_events_per_s", simulated.value.rate, "events/s")
        report.add("produce_iot_cpu_s", simulated.cpuSeconds, "s")

        progress("client consume of the iot events")
        let acknowledged = simulated.value.acknowledged
        let iot = try await Measured.run {
            try await consume(client, topic: "bench-iot", partitions: config.broker.defaultPartitions, count: acknowledged)
        }
        report.addThroughput("consume_iot", messages: acknowledged, bytes: iot.value, iot)

        let memory = ProcessMemory.residentBytes()
        report.add("rss_mb", Double(memory.current) / 1e6, "MB")
        report.add("peak_rss_mb", Double(memory.peak) / 1e6, "MB")
        return report
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    var logger: Logger {
        var logger = Logger(label: "rivulet.bench.client")
        logger.logLevel = .warning
        return logger
    }
}

/// A timed piece of work: its result, wall-clock seconds and process CPU seconds.
struct Measured<Value: Sendable>: Sendable {
    var value: Value
    var seconds: Double
    var cpuSeconds: Double

    static func run(_ work: () async throws -> Value) async rethrows -> Measured {
        let start = ContinuousClock.now
        let cpu = ProcessCPU.seconds()
        let value = try await work()
        let elapsed = start.duration(to: .now)
        return Measured(value: value, seconds: elapsed / .seconds(1), cpuSeconds: ProcessCPU.seconds() - cpu)
    }
}

extension BenchReport {
    /// `<name>_msgs_per_s`, `<name>_mb_per_s` and `<name>_cpu_s` of a timed case.
    mutating func addThroughput<V>(_ name: String, messages: Int, bytes: Int, _ measured: Measured<V>) {
        let seconds = max(measured.seconds, 1e-9)
        add(name + "_msgs_per_s", Double(messages) / seconds, "msg/s")
        add(name + "_mb_per_s", Double(bytes) / seconds / 1e6, "MB/s")
        add(name + "_cpu_s", measured.cpuSeconds, "s")
    }
}
