import RivuletCore
@testable import StreamEngine

/// A generated seed-000 event stream with the trouble real streams have: out-of-order and
/// late events, duplicates, malformed records, several partitions interleaved in batches.
struct GeneratedStream {
    struct Event {
        var device: String
        var ts: Int64
        var temperature: Double
        var humidity: Double
        var battery: Double
        var partition: Int32
        var offset: Int64
        var malformed: Bool
        var line: String
    }

    /// Events in arrival (processing) order, and the batches they arrive in.
    var arrivals: [Event] = []
    var batches: [(partition: Int32, events: ArraySlice<Event>)] = []

    init(seed: UInt64, count: Int, devices: Int = 8, partitions: Int = 3, lateRatio: Double = 0.02,
         duplicateRatio: Double = 0.01, malformedRatio: Double = 0.01, spreadMs: Int64 = 5) {
        var rng = SplitMix64(seed: seed)
        let names = (0..<devices).map { "device-\(String(UInt32(truncatingIfNeeded: $0 &* 2_654_435_761), radix: 16))" }
        let t0: Int64 = 1_730_638_570_000
        var pending: [(arrival: Int64, event: Event)] = []
        for i in 0..<count {
            let d = Int.random(in: 0..<devices, using: &rng)
            let ts = t0 + Int64(i) * spreadMs + Int64.random(in: -2000...2000, using: &rng)
            var delay = Int64.random(in: 0...3000, using: &rng)
            if Double.random(in: 0..<1, using: &rng) < lateRatio { delay += Int64.random(in: 70_000...200_000, using: &rng) }
            let e = Event(
                device: names[d], ts: ts, temperature: Double(Int.random(in: 150...350, using: &rng)) / 10,
                humidity: Double(Int.random(in: 300...800, using: &rng)) / 10,
                battery: Double(Int.random(in: 0...1000, using: &rng)) / 10, partition: Int32(d % partitions),
                offset: 0, malformed: false, line: "")
            pending.append((ts + delay, e))
            if Double.random(in: 0..<1, using: &rng) < duplicateRatio {
                pending.append((ts + delay + Int64.random(in: 0...500, using: &rng), e))
            }
            if Double.random(in: 0..<1, using: &rng) < malformedRatio {
                var bad = e
                bad.malformed = true
                pending.append((ts + delay, bad))
            }
        }
        pending.sort { $0.arrival < $1.arrival }
        // Per-partition queues in arrival order, with offsets; then interleave in chunks.
        var queues = Array(repeating: [Event](), count: partitions)
        for (_, var e) in pending {
            e.offset = Int64(queues[Int(e.partition)].count)
            e.line = Self.render(e, variant: Int(e.offset % 7))
            queues[Int(e.partition)].append(e)
        }
        var cursors = Array(repeating: 0, count: partitions)
        while cursors.enumerated().contains(where: { $0.element < queues[$0.offset].count }) {
            let p = Int.random(in: 0..<partitions, using: &rng)
            guard cursors[p] < queues[p].count else { continue }
            let n = min(Int.random(in: 1...400, using: &rng), queues[p].count - cursors[p])
            let start = arrivals.count
            arrivals.append(contentsOf: queues[p][cursors[p]..<cursors[p] + n])
            batches.append((Int32(p), arrivals[start..<start + n]))
            cursors[p] += n
        }
        // Slices must index the final array.
        var at = 0
        batches = batches.map { b in
            defer { at += b.events.count }
            return (b.partition, arrivals[at..<at + b.events.count])
        }
    }

    static func render(_ e: Event, variant: Int) -> String {
        if e.malformed {
            switch variant % 4 {
            case 0: return "{\"device_id\":\"\(e.device)\",\"ts\":"
            case 1: return "{\"device_id\":\"\(e.device)\",\"ts\":\(e.ts),\"temperature\":\"hot\",\"humidity\":1,\"battery\":1}"
            case 2: return "{\"device_id\":\"\(e.device)\",\"temperature\":1,\"humidity\":1,\"battery\":1}"
            default: return "\u{1}garbage"
            }
        }
        let status = ["ok", "warn", "error"][variant % 3]
        if variant == 5 {  // keys reordered, extra nested value, spaces
            return "{ \"ts\": \(e.ts), \"device_id\": \"\(e.device)\", \"meta\": {\"fw\": [1, 2]}, \"battery\": \(e.battery), \"humidity\": \(e.humidity), \"temperature\": \(e.temperature), \"status\": \"\(status)\" }"
        }
        return "{\"device_id\":\"\(e.device)\",\"ts\":\(e.ts),\"temperature\":\(e.temperature),\"humidity\":\(e.humidity),\"battery\":\(e.battery),\"status\":\"\(status)\",\"location\":\"lab\"}"
    }

    func ndjson(_ events: ArraySlice<Event>) -> [UInt8] {
        Array(events.map(\.line).joined(separator: "\n").utf8)
    }
}

/// Brute force, straight from DESIGN §6: walk records in arrival order; a record is late when
/// all its windows end at or before the watermark; after it, the watermark is the minimum over
/// partitions seen of (max event time − delay), never decreasing.
struct ReferenceWindows {
    struct Acc {
        var count = 0
        var sumT = 0.0, sumH = 0.0
        var minB = Double.infinity, maxB = -Double.infinity
        mutating func add(_ e: GeneratedStream.Event) {
            count += 1
            sumT += e.temperature
            sumH += e.humidity
            minB = min(minB, e.battery)
            maxB = max(maxB, e.battery)
        }
    }

    struct Key: Hashable, Comparable {
        var start: Int64, end: Int64, device: String
        static func < (a: Key, b: Key) -> Bool { (a.end, a.start, a.device) < (b.end, b.start, b.device) }
    }

    var windows: [Key: Acc] = [:]
    var lateOffsets: Set<String> = []
    var watermark: Int64?

    /// `windowsOf` gives each event time's window bounds.
    init(_ stream: GeneratedStream, delay: Int64, windowsOf: (Int64) -> [(Int64, Int64)]) {
        var maxByPartition: [Int32: Int64] = [:]
        for e in stream.arrivals where !e.malformed {
            let ws = windowsOf(e.ts)
            let open = ws.filter { w in watermark.map { w.1 > $0 } ?? true }
            if open.isEmpty { lateOffsets.insert("\(e.partition)/\(e.offset)") }
            for w in open { windows[Key(start: w.0, end: w.1, device: e.device), default: Acc()].add(e) }
            maxByPartition[e.partition] = max(maxByPartition[e.partition] ?? .min, e.ts)
            let candidate = maxByPartition.values.min()! - delay
            watermark = max(watermark ?? .min, candidate)
        }
    }

    var finals: [Key: Acc] { windows.filter { $0.key.end <= (watermark ?? .min) } }
    var open: [Key: Acc] { windows.filter { $0.key.end > (watermark ?? .min) } }
}

/// Runs a stream through an aggregator in its batches, collecting every output.
struct EngineRun {
    var finals: [WindowRow] = []
    var late: [LateEvent] = []
    var deadLetters: [DeadLetter] = []
    var snapshots = 0

    mutating func collect(_ outputs: [EngineOutput]) {
        for o in outputs {
            switch o {
            case .finalWindows(let rows): finals += rows
            case .late(let l): late += l
            case .deadLetter(let d): deadLetters += d
            case .liveSnapshot: snapshots += 1
            case .rows: break
            }
        }
    }

    static func run(_ stream: GeneratedStream, _ aggregator: inout WindowAggregator,
                    batches: Range<Int>? = nil, run: inout EngineRun) {
        let decoder = aggregator.makeDecoder()
        for b in batches ?? stream.batches.indices {
            let (partition, events) = stream.batches[b]
            var batch = aggregator.makeBatch()
            decoder.decode(lines: stream.ndjson(events), firstOffset: events.first!.offset, into: &batch)
            run.collect(aggregator.process(batch: batch, partition: partition, now: ProcessingTime(milliseconds: Int64(b))))
        }
    }
}

func expectRowsMatch(_ rows: [WindowRow], _ reference: [ReferenceWindows.Key: ReferenceWindows.Acc]) -> [String] {
    var problems: [String] = []
    var seen: Set<ReferenceWindows.Key> = []
    for row in rows {
        guard case .string(let device) = row.keys.first else { problems.append("no key \(row)"); continue }
        let key = ReferenceWindows.Key(start: row.windowStart.milliseconds, end: row.windowEnd.milliseconds, device: device)
        guard seen.insert(key).inserted else { problems.append("twice: \(key)"); continue }
        guard let acc = reference[key] else { problems.append("unexpected: \(key)"); continue }
        let v = row.values
        func close(_ a: Value, _ b: Double) -> Bool { abs((a.doubleValue ?? .nan) - b) <= 1e-9 * max(1, abs(b)) }
        if v[0] != .int64(Int64(acc.count)) || !close(v[1], acc.sumT / Double(acc.count))
            || !close(v[2], acc.sumH / Double(acc.count)) || v[3] != .double(acc.minB) || v[4] != .double(acc.maxB)
        {
            problems.append("differs: \(key) engine \(v) reference \(acc)")
        }
    }
    for key in reference.keys where !seen.contains(key) { problems.append("missing: \(key)") }
    return problems
}
