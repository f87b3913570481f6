#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The engine half of `rivulet bench engine`: seed 000's aggregation over NDJSON generated in
/// memory beforehand, so that only decode + window + aggregate is timed.
public enum EngineBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public var events: Int
        public var inputBytes: Int
        /// Wall-clock time of the timed part.
        public var seconds: Double
        /// CPU time of the process during the timed part, so that "per core" stays meaningful on a busy machine.
        public var cpuSeconds: Double
        public var finalWindows: Int
        /// On one thread only (nil otherwise): the timed part split into JSON decoding and
        /// the operator (window, aggregate, final rows), per event.
        public var decodeNanosecondsPerEvent: Double?
        public var operatorNanosecondsPerEvent: Double?
        public var lateEvents: Int64
        public var deadLetters: Int64
        public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
        public var eventsPerCPUSecond: Double { cpuSeconds > 0 ? Double(events) / cpuSeconds : 0 }
        public var description: String {
            "\(events) events, \(inputBytes / 1_000_000) MB in \(seconds) s: \(Int(eventsPerSecond)) events/s, "
                + "\(Int(eventsPerCPUSecond)) events per CPU-second, "
                + "\(finalWindows) final windows, \(lateEvents) late, \(deadLetters) dead letters"
        }
    }

    /// Generates `events` seed-000 events (`devices` devices at 1 event/s each, ±0.5 s jitter,
    /// 3 partitions, batches of `batchSize`) then times the aggregator over them. With
    /// `decodeWorkers` 0 everything runs on the calling thread; otherwise chunks are decoded on
    /// that many threads of an `OrderedWorkPool` (and this one, when it would wait) while this
    /// thread aggregates, as a pipeline does. CPU time is the whole process's.
    public static func seed000(events: Int, devices: Int = 1000, batchSize: Int = 4096, decodeWorkers: Int = 0) async throws -> Result {
        let batchSize = max(1, batchSize)
        let chunks = generate(events: events, devices: max(1, devices), batchSize: batchSize)
        var aggregator = try WindowAggregator(definition: .seed000())
        let template = aggregator.makeBatch()
        let schema = aggregator.schema
        var finals = 0
        func aggregate(_ batch: ColumnBatch, _ i: Int) {
            for case .finalWindows(let rows) in aggregator.process(batch: batch, partition: Int32(i % 3), now: ProcessingTime(milliseconds: 0)) {
                finals += rows.count
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = processCPUSeconds()
        var split: (decode: Duration, operator: Duration)?
        if decodeWorkers <= 0 {
            let decoder = JSONBatchDecoder(schema: schema)
            var decoding = Duration.zero
            var operating = Duration.zero
            for (i, chunk) in chunks.enumerated() {
                let t0 = clock.now
                var batch = template.emptyCopy()
                decoder.decode(lines: chunk, firstOffset: Int64(i * batchSize), into: &batch)
                let t1 = clock.now
                aggregate(batch, i)
                decoding += t0.duration(to: t1)
                operating += t1.duration(to: clock.now)
            }
            split = (decoding, operating)
        } else {
            let pool = OrderedWorkPool<(lines: [UInt8], firstOffset: Int64), ColumnBatch, JSONBatchDecoder>(
                workers: decodeWorkers, makeScratch: { JSONBatchDecoder(schema: schema) }
            ) { chunk, decoder in
                var batch = template.emptyCopy()
                decoder.decode(lines: chunk.lines, firstOffset: chunk.firstOffset, into: &batch)
                return batch
            }
            var submitted = 0
            var taken = 0
            while let batch = await pool.next(keepingInFlight: 2 * (decodeWorkers + 1), from: {
                guard submitted < chunks.count else { return nil }
                defer { submitted += 1 }
                return (chunks[submitted], Int64(submitted * batchSize))
            }) {
                aggregate(batch, taken)
                taken += 1
            }
        }
        let elapsed = start.duration(to: clock.now)
        let cpu = processCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        func perEvent(_ d: Duration) -> Double { Double(d.nanoseconds) / Double(max(1, events)) }
        return Result(
            events: events, inputBytes: chunks.reduce(0) { $0 + $1.count }, seconds: seconds, cpuSeconds: cpu, finalWindows: finals,
            decodeNanosecondsPerEvent: split.map { perEvent($0.decode) }, operatorNanosecondsPerEvent: split.map { perEvent($0.operator) },
            lateEvents: aggregator.counters.lateEvents, deadLetters: aggregator.counters.deadLetters)
    }

    /// CPU seconds used by the whole process so far (every thread).
    public static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The benchmark's input: NDJSON chunks of `batchSize` seed-000 events each.
    public static func generate(events: Int, devices: Int = 1000, batchSize: Int = 4096) -> [[UInt8]] {
        var rng = BenchRandom(state: 0x5EED_0000)
        let ids = deviceIDs(devices)
        let statuses = ["ok", "ok", "ok", "warn", "error"].map { Array($0.utf8) }
        let locations = ["floor-1", "floor-2", "lab", "office"].map { Array($0.utf8) }
        let t0: Int64 = 1_730_638_570_000
        var chunks: [[UInt8]] = []
        var chunk: [UInt8] = []
        chunk.reserveCapacity(batchSize * 160)
        for i in 0..<events {
            let d = Int(rng.next() % UInt64(devices))
            let ts = t0 + Int64(i) * 1000 / Int64(devices) + Int64(rng.next() % 1000) - 500
            chunk += Array(#"{"device_id":""#.utf8) + ids[d] + Array(#"","ts":"#.utf8) + Array(String(ts).utf8)
            chunk += Array(#","temperature":"#.utf8) + decimal(150 + rng.next() % 200)
            chunk += Array(#","humidity":"#.utf8) + decimal(300 + rng.next() % 500)
            chunk += Array(#","battery":"#.utf8) + decimal(rng.next() % 1000)
            chunk += Array(#","status":""#.utf8) + statuses[Int(rng.next() % 5)]
            chunk += Array(#"","location":""#.utf8) + locations[Int(rng.next() % 4)] + Array("\"}\n".utf8)
            if (i + 1) % batchSize == 0 {
                chunks.append(chunk)
                chunk = []
                chunk.reserveCapacity(batchSize * 160)
            }
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        return chunks
    }

    /// Seed-000-like device ids, `device-3fa2c1d0`, distinct for up to 2^32 devices.
    static func deviceIDs(_ devices: Int) -> [[UInt8]] {
        (0..<devices).map { d -> [UInt8] in
            let hex = String(UInt32(truncatingIfNeeded: d &* 2_654_435_761 &+ 0x3FA2C1D0), radix: 16)
            return Array(("device-" + String(repeating: "0", count: 8 - hex.count) + hex).utf8)
        }
    }

    /// Tenths as text, like the simulator's one-decimal readings: 247 → "24.7".
    private static func decimal(_ tenths: UInt64) -> [UInt8] {
        Array("\(tenths / 10).\(tenths % 10)".utf8)
    }
}

/// SplitMix64, so the generated input is the same on every run.
struct BenchRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
