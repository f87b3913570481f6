import Foundation
import KafkaClient
import KafkaProtocol
import Lakehouse
import LogStore
import Logging
import NIOCore
import RivuletApp
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import Simulation
import StreamEngine
import TestSupport
import Testing

/// Every pipeline of every preset, end to end in-process: the preset's simulators fill the
/// embedded log, all its pipelines run in one ServiceGroup (ManualClock) until caught up and
/// shut down gracefully, and the Delta tables are read back. A second run over the same log
/// must write nothing new; a run after more events adds exactly their rows.
@Suite(.serialized) struct PresetPipelineTests {
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let t0: Int64 = 1_730_638_570_000

    static func config(_ preset: ConfigPreset, dataDir: String) -> RivuletConfiguration {
        var config = preset.configuration
        config.dataDir = dataDir
        config.broker.fsync = .never
        return config
    }

    /// Appends `count` events of every simulator, slot `i` at event time `t0 + due`.
    static func simulate(_ config: RivuletConfiguration, log: LogStore, count: Int, seed: UInt64, from start: Int64 = t0) throws {
        for sim in config.simulators {
            var simulator = try Simulator(sim, defaultSeed: seed)
            var events: [SimulatedEvent] = []
            while events.count < count, let slot = simulator.nextSlot(elapsed: .seconds(1_000_000)) {
                events.append(simulator.event(for: slot, at: Timestamp(milliseconds: start + slot.due.milliseconds)))
            }
            events += simulator.drain()
            var batches: [String: [Int32: RecordBatchBuilder]] = [:]
            for e in events {
                guard let partitions = log.partitions(of: e.topic) else { continue }
                let p = e.key.map { Murmur2Partitioner.partition(key: $0, partitionCount: partitions.count) } ?? 0
                batches[e.topic, default: [:]][p, default: RecordBatchBuilder(estimatedSize: 1 << 16)]
                    .append(timestamp: e.eventTime.milliseconds, key: nil, value: ByteBuffer(bytes: e.value))
            }
            for (topic, byPartition) in batches {
                for (p, builder) in byPartition { _ = try log.partition(topic, p)?.append(builder.build().bytes) }
            }
        }
    }

    /// Runs every pipeline until each has read all its input (and `done`), then shuts down
    /// gracefully, which commits everything read.
    static func runAll(_ config: RivuletConfiguration, log: LogStore, until done: @escaping @Sendable ([PipelineMetrics]) -> Bool = { _ in true })
        async throws -> [String: PipelineMetrics]
    {
        let clock = ManualClock()
        let services = try config.pipelines.map {
            try PipelineService(pipeline: $0, config: config, log: log, clock: clock, wallClock: clock, logger: quiet)
        }
        let group = ServiceGroup(services: services, logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await eventually("pipelines caught up", timeout: .seconds(240)) {
                // Processing time moves on (5 s per real second): checkpoints, directory polls, idleness.
                clock.advance(by: .milliseconds(1))
                let m = services.map(\.metrics.current)
                // A checkpoint in this run means the loop ran and the lag it published is current.
                return m.allSatisfy { $0.lag == 0 && $0.checkpoints > 0 } && done(m)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        return Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0.metrics.current) })
    }

    /// Runs every pipeline for `duration` of real time, then cancels them: a crash, with no
    /// final checkpoint.
    static func crash(_ config: RivuletConfiguration, log: LogStore, after duration: Duration) async throws {
        let clock = ManualClock()
        let services = try config.pipelines.map {
            try PipelineService(pipeline: $0, config: config, log: log, clock: clock, wallClock: clock, logger: quiet)
        }
        let group = ServiceGroup(services: services, logger: quiet)
        await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = ContinuousClock.now + duration
            while ContinuousClock.now < deadline {
                clock.advance(by: .milliseconds(20))
                try? await Task.sleep(for: .milliseconds(1))
            }
            tasks.cancelAll()
            try? await tasks.waitForAll()
        }
    }

    static func rows(_ config: RivuletConfiguration, _ table: String) throws -> ColumnarRows {
        try DeltaTable(path: LakeTables(config).root + "/" + table).readRows()
    }

    static func strings(_ rows: ColumnarRows, _ column: String) -> [String] {
        if case .string(let v)? = rows.column(column)?.values { return Array(v) }
        return []
    }

    @Test func platformWritesRawTablesByDayAndPageViews() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = Self.config(.platform, dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        try Self.simulate(config, log: log, count: 3000, seed: 1)
        let metrics = try await Self.runAll(config, log: log) { m in m.allSatisfy { $0.inputEvents > 0 } }

        let clicks = try Self.rows(config, "clickstream")
        let iot = try Self.rows(config, "iot")
        #expect(clicks.schema.columns.map(\.name) == ["event_id", "user_id", "url", "referrer", "ua", "ts", "dt"])
        #expect(Int64(clicks.count) == metrics["clickstream-raw"]?.inputEvents)
        #expect(iot.count > 2500 && iot.count <= 3100)  // malformed ones are dead-lettered
        #expect(Int64(iot.count) == metrics["iot-raw"]?.inputEvents)
        #expect((metrics["iot-raw"]?.deadLetters ?? 0) > 0)
        #expect(Set(Self.strings(clicks, "dt")) == ["2024-11-03"])
        let files = try FileManager.default.contentsOfDirectory(atPath: LakeTables(config).root + "/clickstream")
        #expect(files.contains("dt=2024-11-03"))

        // Same log again: nothing new. More events: exactly their rows.
        _ = try await Self.runAll(config, log: log)
        #expect(try Self.rows(config, "clickstream").count == clicks.count)
        try Self.simulate(config, log: log, count: 500, seed: 2, from: Self.t0 + 3_600_000)
        // The later events move the watermark past the first hour's minutes (a partition
        // without new events holds it back until it is idle).
        let after = try await Self.runAll(config, log: log) { m in
            (m.first { $0.pipeline == "clickstream-agg" }?.windowsCommitted ?? 0) > 0
        }
        let more = try Self.rows(config, "clickstream")
        #expect(Int64(more.count) == after["clickstream-raw"]?.inputEvents)
        #expect(Set(Self.strings(more, "event_id")).count > clicks.count)
        let agg = try Self.rows(config, "clickstream_agg")
        #expect(agg.schema.columns.map(\.name) == ["minute_start", "minute_end", "url", "pv", "dt"])
        #expect(agg.count > 0)
        if case .int64(let pv)? = agg.column("pv")?.values {
            #expect(pv.allSatisfy { $0 > 0 })
            #expect(pv.reduce(0, +) <= Int64(clicks.count))
        }
        #expect(Set(Self.strings(agg, "dt")) == ["2024-11-03"])
    }

    @Test func smarttechFeedsBronzeSilverGoldAndReadsFilesOnce() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = Self.config(.smarttech, dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        try Self.simulate(config, log: log, count: 4000, seed: 3)
        let input = dir.path + "/input"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let line = { (i: Int) in
            "{\"sensor_id\":\"file-\(i)\",\"building\":\"b1\",\"room\":\"R1\",\"ts\":\(Self.t0 + Int64(i)),\"temperature\":21.5,\"humidity\":40,\"co2\":500}"
        }
        try ((0..<10).map(line).joined(separator: "\n") + "\nnot json\n").write(toFile: input + "/a.json", atomically: true, encoding: .utf8)
        let metrics = try await Self.runAll(config, log: log) { m in
            m.allSatisfy { $0.inputEvents > 0 }
        }
        let bronze = try Self.rows(config, "bronze")
        let silver = try Self.rows(config, "silver")
        let topicEvents = metrics["bronze"]?.inputEvents ?? 0
        #expect(Int64(bronze.count) == topicEvents + 10)
        #expect(Self.strings(bronze, "sensor_id").filter { $0.hasPrefix("file-") }.count == 10)
        // Silver: plausible, deduplicated, normalised.
        #expect(silver.count > 0 && silver.count < bronze.count)
        let keys = zip(Self.strings(silver, "sensor_id"), { () -> [Int64] in
            if case .timestampMicros(let v)? = silver.column("ts")?.values { return v }
            return []
        }())
        #expect(Set(keys.map { "\($0.0)@\($0.1)" }).count == silver.count)
        #expect(Self.strings(silver, "building").allSatisfy { $0 == $0.uppercased() })
        if case .double(let t)? = silver.column("temperature_c")?.values {
            #expect(t.allSatisfy { (-40...85).contains($0) && abs(($0 * 100).rounded() - $0 * 100) < 1e-6 })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: LakeTables(config).root + "/silver").contains { $0.hasPrefix("building=") })
        #expect(try DeltaTable(path: LakeTables(config).root + "/gold").exists)
        #expect((metrics["bronze-files"]?.deadLetters ?? 0) == 1)

        // A new file is read once; the old one is not read again, across restarts.
        try (10..<15).map(line).joined(separator: "\n").write(toFile: input + "/b.jsonl", atomically: true, encoding: .utf8)
        _ = try await Self.runAll(config, log: log) { m in m.first { $0.pipeline == "bronze-files" }?.inputEvents == 15 }
        _ = try await Self.runAll(config, log: log)
        let again = try Self.rows(config, "bronze")
        #expect(again.count == bronze.count + 5)
        #expect(try Self.rows(config, "silver").count == silver.count)
    }

    @Test func urbanWritesOneTablePerStream() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = Self.config(.urban, dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        try Self.simulate(config, log: log, count: 2000, seed: 4)
        let metrics = try await Self.runAll(config, log: log)
        var total = 0
        for stream in ["vehicle", "gps", "traffic", "weather", "emergency"] {
            let rows = try Self.rows(config, "\(stream)_data")
            #expect(rows.schema.columns.first?.name == "timestamp")
            #expect(rows.schema.columns.first?.type == .timestampMicros)
            #expect(Int64(rows.count) == metrics["\(stream)-data"]?.inputEvents)
            total += rows.count
        }
        #expect(total > 1500)
        _ = try await Self.runAll(config, log: log)
        #expect(try Self.rows(config, "vehicle_data").count == Int(metrics["vehicle-data"]?.inputEvents ?? -1))
    }

    @Test func crashesNeitherLoseNorDuplicatePassThroughRows() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var config = Self.config(.urban, dataDir: dir.path)
        for i in config.pipelines.indices { config.pipelines[i].checkpointInterval = .milliseconds(200) }
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        var rng = SeededGenerator(seed: 11)
        for round in 0..<5 {
            try Self.simulate(config, log: log, count: 400, seed: UInt64(round), from: Self.t0 + Int64(round) * 3_600_000)
            try await Self.crash(config, log: log, after: .milliseconds(Int64.random(in: 5...120, using: &rng)))
        }
        _ = try await Self.runAll(config, log: log)
        for stream in ["vehicle", "gps", "traffic", "weather", "emergency"] {
            let topic = "\(stream)_data"
            let records = (log.partitions(of: topic) ?? []).reduce(0) { $0 + $1.logEndOffset.rawValue }
            let rows = try Self.rows(config, topic)
            #expect(Int64(rows.count) == records, "\(topic)")
            var seen = Set<String>()
            for r in 0..<rows.count {
                let key = rows.columns.map { c in c.isNull(r) ? "null" : "\(c.values.cell(r))" }.joined(separator: "|")
                #expect(seen.insert(key).inserted, "\(topic) row \(key) twice")
            }
        }
    }
}

extension ColumnValues {
    func cell(_ row: Int) -> String {
        switch self {
        case .int32(let v): "\(v[row])"
        case .int64(let v), .timestampMicros(let v): "\(v[row])"
        case .double(let v): "\(v[row])"
        case .boolean(let v): "\(v[row])"
        case .string(let v): v[row]
        }
    }
}
