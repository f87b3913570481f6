import Foundation
import KafkaClient
import KafkaProtocol
import Lakehouse
import LogStore
import NIOCore
import RivuletApp
import RivuletConfig
import RivuletCore
import StreamEngine
import TestSupport

/// Seed-000 events for pipeline tests, the brute-force reference of their final windows, and
/// helpers to fill an embedded log and read the Delta table back.
enum PipelineFixture {
    static let t0: Int64 = 1_730_638_570_000

    /// The default (seed 000) config over `dataDir`, with one source partition so that arrival
    /// order, and hence the reference, is fixed.
    static func config(dataDir: String, checkpointInterval: Duration = .seconds(1), windowSize: Duration = .seconds(10))
        -> RivuletConfiguration
    {
        var config = RivuletConfiguration.default
        config.dataDir = dataDir
        config.broker.fsync = .never
        config.topics = [TopicConfiguration(name: "iot-metrics", partitions: 1)]
        config.pipelines[0].checkpointInterval = checkpointInterval
        config.lake.flushInterval = checkpointInterval  // every checkpoint writes its rows to the lake
        config.pipelines[0].window = .tumbling(size: windowSize)
        return config
    }

    struct Event {
        var value: [UInt8]
        /// Nil for a malformed record.
        var device: String?
        var ts: Int64
        var temperature: Double
        var battery: Double
    }

    /// Mostly in-order events of 8 devices every 50 ms of event time, with ±3 s jitter, 2 %
    /// more than a minute late and 1 % malformed.
    static func events(_ count: Int, seed: UInt64 = 42) -> [Event] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { i in
            var ts = t0 + Int64(i) * 50 + Int64.random(in: -3000...3000, using: &rng)
            if Int.random(in: 0..<100, using: &rng) < 2 { ts -= 90_000 }
            let device = "device-\(Int.random(in: 0..<8, using: &rng))"
            let temperature = (Double(Int.random(in: 150...300, using: &rng)) / 10)
            let humidity = Double(Int.random(in: 300...700, using: &rng)) / 10
            let battery = Double(Int.random(in: 0...1000, using: &rng)) / 10
            if Int.random(in: 0..<100, using: &rng) < 1 {
                let bad = i % 2 == 0 ? "{\"device_id\":\"\(device)\",\"ts\":" : "{\"device_id\":\"\(device)\",\"temperature\":1.5}"
                return Event(value: Array(bad.utf8), device: nil, ts: ts, temperature: 0, battery: 0)
            }
            let json = "{\"device_id\":\"\(device)\",\"ts\":\(ts),\"temperature\":\(temperature),\"humidity\":\(humidity),"
                + "\"battery\":\(battery),\"status\":\"ok\",\"location\":\"lab\"}"
            return Event(value: Array(json.utf8), device: device, ts: ts, temperature: temperature, battery: battery)
        }
    }

    struct WindowKey: Hashable, Comparable {
        var start: Int64
        var device: String
        static func < (a: WindowKey, b: WindowKey) -> Bool { (a.start, a.device) < (b.start, b.device) }
    }

    struct WindowValue: Equatable {
        var count: Int64 = 0
        var temperatureSum = 0.0
        var minBattery = Double.infinity
        var maxBattery = -Double.infinity
    }

    /// DESIGN §6 by brute force, in arrival order: an event is late when its window's end is at
    /// or below the watermark; the watermark is the maximum event time so far minus one minute;
    /// a window is final once the watermark reaches its end.
    static func reference(_ events: [Event], size: Int64 = 10_000) -> [WindowKey: WindowValue] {
        var windows: [WindowKey: WindowValue] = [:]
        var watermark: Int64?
        var maxTime: Int64?
        for e in events {
            guard let device = e.device else { continue }
            let start = Int64((Double(e.ts) / Double(size)).rounded(.down)) * size
            if let w = watermark, start + size <= w { continue }
            var v = windows[WindowKey(start: start, device: device), default: WindowValue()]
            v.count += 1
            v.temperatureSum += e.temperature
            v.minBattery = min(v.minBattery, e.battery)
            v.maxBattery = max(v.maxBattery, e.battery)
            windows[WindowKey(start: start, device: device)] = v
            maxTime = max(maxTime ?? e.ts, e.ts)
            if let m = maxTime { watermark = max(watermark ?? (m - 60_000), m - 60_000) }
        }
        let final = watermark ?? .min
        return windows.filter { $0.key.start + size <= final }
    }

    /// Appends batches of `batchSize` records, the n-th batch compressed with
    /// `codecs[n % codecs.count]` by the client's codecs.
    static func append(
        _ events: ArraySlice<Event>, to log: LogStore, batchSize: Int = 100, codecs: [KafkaProtocol.CompressionCodec] = [.none]
    ) throws {
        guard let partition = log.partition("iot-metrics", 0) else {
            throw RivuletError(.invalidArgument, "no topic iot-metrics")
        }
        var index = events.startIndex
        var n = 0
        while index < events.endIndex {
            var builder = RecordBatchBuilder(estimatedSize: 16 << 10)
            for e in events[index..<min(index + batchSize, events.endIndex)] {
                builder.append(timestamp: t0, key: nil, value: ByteBuffer(bytes: e.value))
            }
            _ = try partition.append(builder.build().compressed(with: codecs[n % codecs.count]))
            index += batchSize
            n += 1
        }
    }

    struct CommittedWindow: Hashable {
        var key: WindowKey
        var end: Int64
        var count: Int64
        var avgTemperature: Double
        var minBattery: Double
        var maxBattery: Double
    }

    /// Every row of the windows table (duplicates kept, so tests can count them).
    static func committedWindows(_ config: RivuletConfiguration) throws -> [CommittedWindow] {
        let table = DeltaTable(path: LakeTables(config).root + "/iot_window_agg")
        guard table.exists else { return [] }
        let rows = try table.readRows()
        guard case .timestampMicros(let starts)? = rows.column("window_start")?.values,
            case .timestampMicros(let ends)? = rows.column("window_end")?.values,
            case .string(let devices)? = rows.column("device_id")?.values,
            case .int64(let counts)? = rows.column("count")?.values,
            case .double(let temps)? = rows.column("avg_temperature")?.values,
            case .double(let minB)? = rows.column("min_battery")?.values,
            case .double(let maxB)? = rows.column("max_battery")?.values
        else { throw RivuletError(.invalidArgument, "unexpected window table schema \(rows.schema)") }
        return (0..<rows.count).map { i in
            CommittedWindow(
                key: WindowKey(start: starts[i] / 1000, device: devices[i]), end: ends[i] / 1000, count: counts[i],
                avgTemperature: temps[i], minBattery: minB[i], maxBattery: maxB[i])
        }
    }

    /// Problems between committed rows and the reference: missing, extra, twice, or different.
    static func differences(_ committed: [CommittedWindow], _ reference: [WindowKey: WindowValue]) -> [String] {
        var problems: [String] = []
        var seen: [WindowKey: CommittedWindow] = [:]
        for row in committed {
            if seen[row.key] != nil { problems.append("twice: \(row.key)") }
            seen[row.key] = row
        }
        for (key, v) in reference.sorted(by: { $0.key < $1.key }) {
            guard let row = seen[key] else {
                problems.append("missing: \(key)")
                continue
            }
            let avg = v.temperatureSum / Double(v.count)
            if row.count != v.count || abs(row.avgTemperature - avg) > 1e-9 || row.minBattery != v.minBattery
                || row.maxBattery != v.maxBattery || row.end != key.start + 10_000
            {
                problems.append("differs: \(key): \(row) vs \(v)")
            }
        }
        for key in seen.keys where reference[key] == nil { problems.append("extra: \(key)") }
        return problems
    }

    /// The dead-letter topic's records with their headers as text.
    static func deadLetters(_ log: LogStore, topic: String = "iot-metrics.dlq") throws -> [[String: String]] {
        var out: [[String: String]] = []
        for partition in log.partitions(of: topic) ?? [] {
            var offset: Int64 = 0
            while offset < partition.logEndOffset.rawValue {
                let read = try partition.read(from: Offset(offset), maxBytes: 1 << 20)
                var batches = RecordBatchSequence(read.records)
                while let batch = try batches.next() {
                    for record in try batch.records() {
                        var headers: [String: String] = [:]
                        for h in record.headers { headers[h.key] = h.value.map { String(buffer: $0) } ?? "" }
                        out.append(headers)
                    }
                    offset = batch.nextOffset
                }
            }
        }
        return out
    }
}
