import Foundation
import KafkaProtocol
import LogStore
import NIOCore
import RivuletConfig
import RivuletCore
import StreamEngine
import Synchronization

/// From append to live result: seed 000's pipeline (`PipelineService`, sinks and checkpoints
/// included) runs over a scratch embedded log while this appends events at `rate` per
/// second, stamped with the wall clock; every event's latency is the time from just before
/// its append until the first `latest.json` write that includes it. Live results are
/// coalesced to one per `liveEvery`, so that bounds the figure from below.
public struct LiveLatencyBenchmark: Sendable {
    public let directory: String
    public var rate = 10_000
    public var duration: Duration = .seconds(5)
    public var liveEvery: Duration = .milliseconds(100)
    /// How often the appender wakes; each wake appends what is due as one batch.
    public var appendEvery: Duration = .milliseconds(5)

    public init(directory: String) { self.directory = directory }

    public struct Result: Sendable {
        public var events: Int
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var maxMilliseconds: Double
    }

    /// Append instants by event index, and each event's latency once a snapshot shows it.
    final class Recorder: Sendable {
        struct State {
            var appendedAt: [ContinuousClock.Instant] = []
            var seen = 0
            var latencies: [Duration] = []
        }
        let state = Mutex(State())

        func appending(_ count: Int, at instant: ContinuousClock.Instant) {
            state.withLock { $0.appendedAt.append(contentsOf: repeatElement(instant, count: count)) }
        }

        func live(eventsProcessed: Int64, at instant: ContinuousClock.Instant) {
            state.withLock { s in
                let upTo = min(Int(eventsProcessed), s.appendedAt.count)
                while s.seen < upTo {
                    s.latencies.append(s.appendedAt[s.seen].duration(to: instant))
                    s.seen += 1
                }
            }
        }
    }

    public func run() async throws -> Result {
        try? FileManager.default.removeItem(atPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = RivuletConfiguration.benchScratch(directory: directory, partitions: 1)
        config.pipelines[0].emit.liveEvery = liveEvery
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        guard let partition = log.partition("iot-metrics", 0) else { throw RivuletError(.io, "no bench topic") }
        let recorder = Recorder()
        let clock = ContinuousClock()
        var service = try PipelineService(pipeline: config.pipelines[0], config: config, log: log, clock: clock)
        service.liveObserver = { recorder.live(eventsProcessed: $0, at: clock.now) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [service] in try await service.run() }
            try await append(to: partition, recorder: recorder, clock: clock)
            try await clock.sleep(for: liveEvery * 3)
            group.cancelAll()
            try? await group.waitForAll()
        }
        let sorted = recorder.state.withLock { $0.latencies }.map { Double($0.nanoseconds) / 1e6 }.sorted()
        func quantile(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        return Result(events: sorted.count, p50Milliseconds: quantile(0.5), p99Milliseconds: quantile(0.99), maxMilliseconds: sorted.last ?? 0)
    }

    /// Appends what is due every `appendEvery`, events stamped with the wall clock.
    func append(to partition: PartitionLog, recorder: Recorder, clock: ContinuousClock) async throws {
        let start = clock.now
        let wall = SystemWallClock()
        var appended = 0
        var n = 0
        while start.duration(to: clock.now) < duration {
            try await clock.sleep(for: appendEvery)
            let due = Int(Double(start.duration(to: clock.now).nanoseconds) / 1e9 * Double(rate)) - appended
            guard due > 0 else { continue }
            var builder = RecordBatchBuilder(estimatedSize: due * 180)
            let ts = wall.wallTime().milliseconds
            for _ in 0..<due {
                let json = #"{"device_id":"device-\#(n % 8)","ts":\#(ts),"temperature":21.5,"humidity":48.2,"battery":77.1,"status":"ok","location":"lab"}"#
                builder.append(timestamp: ts, key: nil, value: ByteBuffer(string: json))
                n += 1
            }
            recorder.appending(due, at: clock.now)
            _ = try partition.append(builder.build().bytes)
            appended += due
        }
    }
}
