import Foundation
import KafkaProtocol
import LogStore
import RivuletConfig
import RivuletCore
import StreamEngine

/// `rivulet bench e2e`: the whole `up` pipeline in this process on a temporary data directory,
/// with the dashboard on 127.0.0.1:0. An SSE client subscribes to `/api/stream` and stamps each
/// push on arrival; afterwards the log is read back for every event's creation time (its `ts`,
/// which the simulator takes from the wall clock) and `EndToEndLatency` pairs the two.
///
/// Each case starts from an empty directory, so `first_data_ms` (from building the services
/// to the first push with a window row) includes opening the log and starting every service.
/// The pipelines come from the configuration (seed 000's by default; the analysis reads its
/// `count` per `device_id` and tumbling window); simulators, addresses and data directory are
/// the benchmark's.
public struct EndToEndBenchmark: Sendable {
    public struct Case: Sendable {
        public var name: String
        public var devices: Int
        /// Events per second per device.
        public var rate: Double

        public init(name: String, devices: Int, rate: Double) {
            self.name = name
            self.devices = devices
            self.rate = rate
        }
    }

    public var base: RivuletConfiguration
    public var directory: String
    public var seconds: Double = 10
    /// The seed's 8 devices × 4 events/s, then 100,000 events/s.
    public var cases = [
        Case(name: "seed_32", devices: 8, rate: 4), Case(name: "rate_100k", devices: 8, rate: 12_500),
    ]

    public init(base: RivuletConfiguration, directory: String) {
        self.base = base
        self.directory = directory
    }

    public func run(progress: (String) -> Void) async throws -> BenchReport {
        var report = BenchReport(bench: "e2e")
        for c in cases {
            progress(c.name)
            let result = try await run(c)
            report.add("\(c.name)_events_per_s", result.eventsPerSecond, "events/s")
            report.add("\(c.name)_p50_ms", EndToEndLatency.quantile(0.5, of: result.latencies) ?? .nan, "ms")
            report.add("\(c.name)_p99_ms", EndToEndLatency.quantile(0.99, of: result.latencies) ?? .nan, "ms")
            report.add("\(c.name)_max_ms", result.latencies.max() ?? .nan, "ms")
            report.add("\(c.name)_events_measured", Double(result.latencies.count), "events")
            report.add("\(c.name)_events_not_shown", Double(result.unobserved), "events")
            report.add("\(c.name)_first_data_ms", result.firstDataMilliseconds ?? .nan, "ms")
            report.add("\(c.name)_rss_mb", Double(result.residentBytes) / 1e6, "MB")
        }
        report.add("peak_rss_mb", Double(ProcessMemory.residentBytes().peak) / 1e6, "MB")
        return report
    }

    struct CaseResult {
        var latencies: [Double]
        var unobserved: Int
        var eventsPerSecond: Double
        var firstDataMilliseconds: Double?
        var residentBytes: Int64
    }

    func configuration(_ c: Case) -> RivuletConfiguration {
        var config = base
        config.dataDir = directory + "/" + c.name
        config.broker.listen = HostPort(host: "127.0.0.1", port: 0)
        config.dashboard.listen = HostPort(host: "127.0.0.1", port: 0)
        config.simulators = [SimulatorConfiguration(kind: .iot, topic: "iot-metrics", devices: c.devices, rate: c.rate)]
        return config
    }

    func run(_ c: Case) async throws -> CaseResult {
        let config = configuration(c)
        try? FileManager.default.removeItem(atPath: config.dataDir)
        defer { try? FileManager.default.removeItem(atPath: config.dataDir) }
        let startedAt = Self.now()
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let up = try await UpServices(config: config, statusEvery: .seconds(3600), announce: { _ in }) { _, p in
            port.yield(p)
        }
        let observed = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { port.finish() }
                try await up.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let dashboardPort = await iterator.next() else {
                try await tasks.waitForAll()  // rethrows why `up` stopped
                throw RivuletError(.aborted, "the pipeline stopped before the dashboard listened")
            }
            let observed = try await subscribe(port: dashboardPort)
            await up.group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return observed
        }
        let resident = observed.resident
        var windowMilliseconds: Int64 = 10_000
        if case .tumbling(let size)? = config.pipelines.first?.window { windowMilliseconds = size.milliseconds }
        let events = try Self.eventTimes(config, windowMilliseconds: windowMilliseconds)
        let times = events.values.flatMap { $0 }
        let span = Double((times.max() ?? 0) - (times.min() ?? 0)) / 1000
        let (latencies, unobserved) = observed.latency.latencies(events: events, since: observed.openedAt)
        return CaseResult(
            latencies: latencies, unobserved: unobserved, eventsPerSecond: span > 0 ? Double(times.count) / span : 0,
            firstDataMilliseconds: observed.latency.firstDataAt.map { $0 - startedAt }, residentBytes: resident)
    }

    /// Reads `/api/stream` for `seconds`, stamping each push on arrival.
    func subscribe(port: Int) async throws -> (latency: EndToEndLatency, openedAt: Double, resident: Int64) {
        let openedAt = Self.now()
        let deadline = openedAt + seconds * 1000
        var pushes: [(at: Double, data: [UInt8])] = []
        try await withThrowingTaskGroup(of: [(at: Double, data: [UInt8])].self) { tasks in
            tasks.addTask {
                var received: [(at: Double, data: [UInt8])] = []
                do {
                    try await ServerSentEventsClient.stream(host: "127.0.0.1", port: port, path: "/api/stream") { data in
                        received.append((Self.now(), data))
                        return !Task.isCancelled
                    }
                } catch where Task.isCancelled {
                    // The deadline: what arrived so far is the measurement.
                }
                return received
            }
            tasks.addTask {
                try await Task.sleep(for: .milliseconds(Int64(deadline - Self.now())))
                return []
            }
            _ = try await tasks.next()
            tasks.cancelAll()
            while let more = try await tasks.next() { pushes += more }
        }
        let resident = ProcessMemory.residentBytes().current
        var latency = EndToEndLatency()
        for push in pushes { latency.observe(document: push.data, at: push.at) }
        return (latency, openedAt, resident)
    }

    /// Every event's creation time by (device, window), in log order: the record key is the
    /// device id and the record timestamp the event's `ts`.
    static func eventTimes(_ config: RivuletConfiguration, windowMilliseconds: Int64) throws
        -> [EndToEndLatency.Key: [Int64]]
    {
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        var events: [EndToEndLatency.Key: [Int64]] = [:]
        for partition in log.partitions(of: "iot-metrics") ?? [] {
            var offset = partition.logStartOffset.rawValue
            while offset < partition.logEndOffset.rawValue {
                let read = try partition.read(from: Offset(offset), maxBytes: 4 << 20)
                var batches = RecordBatchSequence(read.records, options: .init(verifyCRC: false))
                var progressed = false
                while let batch = try batches.next() {
                    var records = try batch.makeRecordIterator()
                    while let record = try records.next() {
                        guard let key = record.key else { continue }
                        let ts = batch.baseTimestamp + record.timestampDelta
                        let start = ts - ((ts % windowMilliseconds) + windowMilliseconds) % windowMilliseconds
                        events[EndToEndLatency.Key(device: String(buffer: key), windowStart: start), default: []]
                            .append(ts)
                    }
                    offset = batch.nextOffset
                    progressed = true
                }
                if !progressed { break }
            }
        }
        return events
    }

    /// Wall-clock time in fractional epoch milliseconds, comparable with the events' `ts`.
    static func now() -> Double { Date().timeIntervalSince1970 * 1000 }
}
