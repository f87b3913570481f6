import RivuletCore
import TestSupport
import Testing
@testable import StreamEngine

@Suite struct WindowAggregatorTests {
    @Test func hundredThousandEventsMatchTheBruteForceReference() throws {
        let stream = GeneratedStream(seed: 2024, count: 100_000)
        var aggregator = try WindowAggregator(definition: .seed000())
        var run = EngineRun()
        EngineRun.run(stream, &aggregator, run: &run)
        let reference = ReferenceWindows(stream, delay: 60_000) { t in
            let s = floorDiv(t, 10_000) * 10_000
            return [(s, s + 10_000)]
        }
        #expect(reference.finals.count > 100)
        #expect(reference.lateOffsets.count > 500)
        let finalProblems = expectRowsMatch(run.finals, reference.finals)
        #expect(finalProblems.isEmpty, "\(finalProblems.prefix(5))")
        let openProblems = expectRowsMatch(aggregator.liveRows(), reference.open)
        #expect(openProblems.isEmpty, "\(openProblems.prefix(5))")
        #expect(Set(run.late.map { "\($0.partition)/\($0.offset)" }) == reference.lateOffsets)
        #expect(run.late.allSatisfy { $0.lateByMilliseconds > 0 })
        #expect(aggregator.counters.lateEvents == Int64(reference.lateOffsets.count))
        let malformed = stream.arrivals.filter(\.malformed)
        #expect(Set(run.deadLetters.map { "\($0.partition)/\($0.failure.offset)" })
                == Set(malformed.map { "\($0.partition)/\($0.offset)" }))
        #expect(aggregator.currentWatermark?.milliseconds == reference.watermark)
    }

    @Test func hoppingWindowsMatchTheReference() throws {
        let stream = GeneratedStream(seed: 7, count: 20_000, devices: 5)
        var definition = PipelineDefinition.seed000()
        definition.window = .hopping(size: .seconds(10), slide: .seconds(5))
        var aggregator = try WindowAggregator(definition: definition)
        var run = EngineRun()
        EngineRun.run(stream, &aggregator, run: &run)
        let reference = ReferenceWindows(stream, delay: 60_000) { t in
            var out: [(Int64, Int64)] = []
            var s = floorDiv(t, 5000) * 5000
            while s + 10_000 > t {
                out.append((s, s + 10_000))
                s -= 5000
            }
            return out
        }
        let problems = expectRowsMatch(run.finals, reference.finals)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(expectRowsMatch(aggregator.liveRows(), reference.open).isEmpty)
        #expect(Set(run.late.map { "\($0.partition)/\($0.offset)" }) == reference.lateOffsets)
    }

    @Test func sessionWindowsCloseAfterTheGapAndMerge() throws {
        var definition = PipelineDefinition.seed000()
        definition.window = .session(gap: .seconds(5))
        definition.eventTime.watermarkDelay = .seconds(10)
        var aggregator = try WindowAggregator(definition: definition)
        let decoder = aggregator.makeDecoder()
        func feed(_ events: [(String, Int64, Double)]) -> EngineRun {
            var batch = aggregator.makeBatch()
            for (i, e) in events.enumerated() {
                let line = #"{"device_id":"\#(e.0)","ts":\#(e.1),"temperature":\#(e.2),"humidity":1,"battery":\#(e.2)}"#
                decoder.decode(record: Array(line.utf8), offset: Int64(i), into: &batch)
            }
            var run = EngineRun()
            run.collect(aggregator.process(batch: batch, partition: 0, now: ProcessingTime(milliseconds: 0)))
            return run
        }
        // a: 0 and 3 000 are one session. b: 0 and 8 000 are separate until 4 000 bridges them.
        var run = feed([("a", 0, 1), ("b", 0, 1), ("a", 3000, 3), ("b", 8000, 8), ("b", 4000, 4)])
        #expect(run.finals.isEmpty)
        #expect(aggregator.liveRows().map { ($0.keys, $0.windowStart.milliseconds, $0.windowEnd.milliseconds) }
            .elementsEqual([([.string("a")], 0, 8000), ([.string("b")], 0, 13_000)], by: ==))
        run = feed([("a", 25_000, 20)])
        // Watermark 15 000: a's [0, 8 000) and b's [0, 13 000) are final.
        let rows = run.finals.map { ($0.keys, $0.windowStart.milliseconds, $0.windowEnd.milliseconds, $0.values[0]) }
        #expect(rows.elementsEqual([([.string("a")], 0, 8000, .int64(2)), ([.string("b")], 0, 13_000, .int64(3))], by: ==))
        #expect(run.finals[1].values[1] == .double(13.0 / 3))
        // An event inside b's closed session is late, though its own gap (to 17 500) would end
        // after the watermark.
        run = feed([("b", 12_500, 1), ("c", 30_000, 1)])
        #expect(run.late.map(\.offset) == [0])
    }

    @Test func idlePartitionStopsHoldingTheWatermarkBack() throws {
        let clock = ManualClock()
        var definition = PipelineDefinition.seed000()
        definition.eventTime.idleTimeout = .seconds(30)
        var aggregator = try WindowAggregator(definition: definition)
        let decoder = aggregator.makeDecoder()
        func now() -> ProcessingTime { ProcessingTime(milliseconds: clock.wallTime().milliseconds) }
        func send(_ partition: Int32, _ ts: Int64) -> [EngineOutput] {
            var batch = aggregator.makeBatch()
            let line = #"{"device_id":"d\#(partition)","ts":\#(ts),"temperature":1,"humidity":1,"battery":1}"#
            decoder.decode(record: Array(line.utf8), offset: 0, into: &batch)
            return aggregator.process(batch: batch, partition: partition, now: now())
        }
        _ = send(0, 1_000)
        _ = send(1, 1_000)
        clock.advance(by: .seconds(10))
        _ = send(0, 200_000)
        // Partition 1 holds the watermark at 1 000 − 60 000.
        #expect(aggregator.currentWatermark?.milliseconds == 1_000 - 60_000)
        clock.advance(by: .seconds(19))
        #expect(aggregator.advance(processingTime: now()).allSatisfy { if case .finalWindows = $0 { false } else { true } })
        clock.advance(by: .seconds(1))
        var run = EngineRun()
        run.collect(aggregator.advance(processingTime: now()))
        let wmAfterIdle = aggregator.currentWatermark?.milliseconds
        #expect(wmAfterIdle == 140_000, "\(String(describing: wmAfterIdle))")
        #expect(run.finals.map(\.keys) == [[.string("d0")], [.string("d1")]], "\(run.finals)")
        // Partition 1 comes back: active again, but the watermark never moves back.
        _ = send(1, 2_000)
        #expect(aggregator.currentWatermark?.milliseconds == 140_000)
        #expect(aggregator.counters.lateEvents == 1)
    }

    @Test func allowedLatenessReemitsCorrectedWindows() throws {
        var definition = PipelineDefinition.seed000()
        definition.eventTime.watermarkDelay = .zero
        definition.allowedLateness = .seconds(30)
        var aggregator = try WindowAggregator(definition: definition)
        let decoder = aggregator.makeDecoder()
        func send(_ ts: Int64, _ temperature: Double) -> EngineRun {
            var batch = aggregator.makeBatch()
            let line = #"{"device_id":"d","ts":\#(ts),"temperature":\#(temperature),"humidity":1,"battery":1}"#
            decoder.decode(record: Array(line.utf8), offset: ts, into: &batch)
            var run = EngineRun()
            run.collect(aggregator.process(batch: batch, partition: 0, now: ProcessingTime(milliseconds: 0)))
            return run
        }
        _ = send(1_000, 10)
        var run = send(15_000, 0)
        #expect(run.finals.map(\.revision) == [0])
        #expect(run.finals.first?.values[1] == .double(10))
        run = send(2_000, 20)  // late but within lateness: corrected
        #expect(run.finals.map(\.revision) == [1])
        #expect(run.finals.first?.values[1] == .double(15))
        #expect(run.late.isEmpty)
        _ = send(45_000, 0)  // watermark 45 000 ≥ 10 000 + 30 000: state purged
        run = send(3_000, 0)
        #expect(run.late.count == 1)
        #expect(aggregator.counters.corrections == 1)
    }

    @Test func allAggregateFunctions() throws {
        let schema = Schema([
            Field("k", .string), Field("t", .timestamp(.milliseconds)), Field("x", .double), Field("n", .int64, required: false),
            Field("s", .string, required: false),
        ])
        let definition = PipelineDefinition(
            name: "all", schema: schema, eventTime: EventTimeDefinition(field: "t", watermarkDelay: .zero),
            window: .tumbling(size: .seconds(100)), groupBy: ["k", "s"],
            aggregates: [
                .init("c", .count), .init("cn", .countField("n")), .init("sx", .sum("x")), .init("sn", .sum("n")),
                .init("mn", .min("n")), .init("mx", .max("x")), .init("f", .first("x")), .init("l", .last("n")),
                .init("sd", .stddev("x")), .init("warn", .countIf(Condition.parse("x >= 3")!)),
                .init("p50", .percentile("x", 0.5)), .init("p99", .percentile("x", 0.99)),
            ])
        var aggregator = try WindowAggregator(definition: definition)
        let decoder = aggregator.makeDecoder()
        var batch = aggregator.makeBatch()
        let lines = [
            #"{"k":"a","t":5,"x":2,"n":7,"s":"z"}"#, #"{"k":"a","t":1,"x":4,"s":"z"}"#,
            #"{"k":"a","t":9,"x":4,"n":-3,"s":"z"}"#, #"{"k":"a","t":9,"x":5,"n":1,"s":"z"}"#,
            #"{"k":"a","t":2,"x":1}"#, #"{"k":"a","t":200000,"x":1}"#,
        ]
        for (i, l) in lines.enumerated() { decoder.decode(record: Array(l.utf8), offset: Int64(i), into: &batch) }
        var run = EngineRun()
        run.collect(aggregator.process(batch: batch, partition: 0, now: ProcessingTime(milliseconds: 0)))
        try #require(run.finals.count == 2)
        let z = try #require(run.finals.first { $0.keys == [.string("a"), .string("z")] })
        let v = z.values
        #expect(v[0] == .int64(4) && v[1] == .int64(3) && v[2] == .double(15) && v[3] == .int64(5))
        #expect(v[4] == .int64(-3) && v[5] == .double(5) && v[6] == .double(4) && v[7] == .int64(1))
        #expect(abs((v[8].doubleValue ?? 0) - 1.2583057392117916) < 1e-12)
        #expect(v[9] == .int64(3))
        #expect(abs((v[10].doubleValue ?? 0) - 4) < 0.04 && abs((v[11].doubleValue ?? 0) - 4) < 0.04)
        let null = try #require(run.finals.first { $0.keys == [.string("a"), .null] })
        #expect(null.values[0] == .int64(1) && null.values[1] == .int64(0) && null.values[3] == .null)
    }

    @Test func liveSnapshotsAreCoalescedToLiveEvery() throws {
        let clock = ManualClock()
        var definition = PipelineDefinition.seed000()
        definition.liveEvery = .milliseconds(100)
        var aggregator = try WindowAggregator(definition: definition)
        let decoder = aggregator.makeDecoder()
        var snapshots: [LiveSnapshot] = []
        for i in 0..<50 {
            var batch = aggregator.makeBatch()
            let line = #"{"device_id":"d","ts":\#(1000 + i),"temperature":1,"humidity":1,"battery":1}"#
            decoder.decode(record: Array(line.utf8), offset: Int64(i), into: &batch)
            for case .liveSnapshot(let s) in aggregator.process(batch: batch, partition: 0, now: ProcessingTime(milliseconds: clock.wallTime().milliseconds)) {
                snapshots.append(s)
            }
            clock.advance(by: .milliseconds(10))
        }
        for case .liveSnapshot(let s) in aggregator.advance(processingTime: ProcessingTime(milliseconds: clock.wallTime().milliseconds)) {
            snapshots.append(s)
        }
        #expect(snapshots.count == 6)
        #expect(zip(snapshots, snapshots.dropFirst()).allSatisfy { $1.at.milliseconds - $0.at.milliseconds >= 100 })
        #expect(snapshots.last?.rows.first?.values.first == .int64(50))
    }

    @Test func latestDocumentHasTheSeedShape() throws {
        let row = WindowRow(
            windowStart: Timestamp(milliseconds: 1_730_644_200_000), windowEnd: Timestamp(milliseconds: 1_730_644_210_000),
            keys: [.string("device-3fa2c1d0")],
            values: [.int64(12), .double(24.7), .double(55.3), .double(80.5), .double(82.5)])
        let doc = LatestDocument.render(rows: [row], columns: PipelineDefinition.seed000().outputColumns, updatedAtSeconds: 1_730_644_215)
        #expect(String(decoding: doc, as: UTF8.self) == """
            {"updated_at": 1730644215, "records": [{"window_start": "2024-11-03T14:30:00Z", "window_end": "2024-11-03T14:30:10Z", \
            "device_id": "device-3fa2c1d0", "count": 12, "avg_temperature": 24.7, "avg_humidity": 55.3, "min_battery": 80.5, \
            "max_battery": 82.5}]}
            """)
    }

    @Test func invalidDefinitionsAreRejectedWithTheField() {
        var d = PipelineDefinition.seed000()
        d.aggregates.append(.init("x", .avg("status")))
        #expect(throws: StreamEngineError.self) { try WindowAggregator(definition: d) }
        d = .seed000()
        d.groupBy = ["nope"]
        do {
            _ = try WindowAggregator(definition: d)
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains("nope"))
        }
        #expect(Condition.parse("status == 'warn'") == Condition(field: "status", .equal, .string("warn")))
        #expect(AggregateFunction.parse(function: "p95", argument: "temperature") == .percentile("temperature", 0.95))
    }
}

@Suite struct EngineBenchmarkTests {
    /// The benchmark runs and produces sane results; its speed is measured by `rivulet bench`.
    @Test func benchmarkRunsOnASmallInput() async throws {
        let result = try await EngineBenchmark.seed000(events: 20_000, devices: 50)
        #expect(result.events == 20_000)
        #expect(result.deadLetters == 0)
        #expect(result.finalWindows > 0)
        #expect(result.eventsPerSecond > 0)
        // One thread: the time splits into decoding and the operator, and the parts add up.
        let decode = try #require(result.decodeNanosecondsPerEvent)
        let op = try #require(result.operatorNanosecondsPerEvent)
        #expect(decode > 0 && op > 0)
        #expect((decode + op) * Double(result.events) <= result.seconds * 1e9 * 1.001)
        #expect(try await EngineBenchmark.seed000(events: 2_000, devices: 5, decodeWorkers: 1).decodeNanosecondsPerEvent == nil)
    }

    /// Decoding on other threads hands the aggregator the same batches in the same order:
    /// the same windows and the same late events as decoding inline.
    @Test func parallelDecodeGivesTheSameResults() async throws {
        let inline = try await EngineBenchmark.seed000(events: 60_000, devices: 200, batchSize: 500)
        let parallel = try await EngineBenchmark.seed000(events: 60_000, devices: 200, batchSize: 500, decodeWorkers: 3)
        #expect(parallel.finalWindows == inline.finalWindows)
        #expect(parallel.lateEvents == inline.lateEvents)
        #expect(parallel.events == inline.events)
    }
}
