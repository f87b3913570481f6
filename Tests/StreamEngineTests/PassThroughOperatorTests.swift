import RivuletCore
import Testing

@testable import StreamEngine

/// `where`, `select` and `deduplicate` over column batches, checked against per-record
/// evaluation in the test; the pass-through checkpoint; `where` before windowing.
@Suite struct PassThroughOperatorTests {
    static let t0: Int64 = 1_730_638_570_000
    static let schema = SchemaPresets.building

    struct Reading {
        var sensor: String
        var building: String
        var room: String
        var ts: Int64
        var temperature: Double?
        var co2: Double

        var line: String {
            let t = temperature.map { "\($0)" } ?? "null"
            return "{\"sensor_id\":\"\(sensor)\",\"building\":\"\(building)\",\"room\":\"\(room)\",\"ts\":\(ts),"
                + "\"temperature\":\(t),\"humidity\":50,\"co2\":\(co2)}"
        }
    }

    static func readings(_ n: Int, seed: UInt64) -> [Reading] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { i in
            Reading(
                sensor: "s-\(Int.random(in: 0..<20, using: &rng))", building: ["north", "South"][Int.random(in: 0...1, using: &rng)],
                room: "Room-\(Int.random(in: 1...3, using: &rng))", ts: t0 + Int64(i) * 100,
                temperature: Int.random(in: 0..<10, using: &rng) == 0 ? nil : Double(Int.random(in: -600...1000, using: &rng)) / 10,
                co2: Double(Int.random(in: 300...2000, using: &rng)))
        }
    }

    static func batch(_ readings: [Reading], firstOffset: Int64 = 0, schema: Schema = schema) -> ColumnBatch {
        var batch = ColumnBatch(schema: schema)
        JSONBatchDecoder(schema: schema).decode(
            lines: Array(readings.map(\.line).joined(separator: "\n").utf8), firstOffset: firstOffset, into: &batch)
        return batch
    }

    @Test func predicatesParseConjunctionsAndDisjunctionsOutsideQuotes() throws {
        let p = try #require(Predicate.parse("temperature >= -40 AND temperature <= 85 or room == 'a and b' && co2 < 1e3"))
        #expect(p.anyOf.count == 2)
        #expect(p.anyOf[0] == [Condition(field: "temperature", .greaterOrEqual, .number(-40)), Condition(field: "temperature", .lessOrEqual, .number(85))])
        #expect(p.anyOf[1] == [Condition(field: "room", .equal, .string("a and b")), Condition(field: "co2", .less, .number(1000))])
        #expect(Predicate.parse("temperature > 1 and") == nil)
        #expect(Predicate.parse("sandwich > 1")?.anyOf == [[Condition(field: "sandwich", .greater, .number(1))]])
        #expect(SelectExpression.parse("round(temperature, 2)") == .round("temperature", digits: 2))
        #expect(SelectExpression.parse("date( ts )") == .date("ts"))
        #expect(SelectExpression.parse("median(x)") == nil)
        #expect(SelectExpression.parse("round(x, -1)") == nil)
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func filterSelectsExactlyTheMatchingRows(seed: UInt64) throws {
        let readings = Self.readings(2000, seed: seed)
        let batch = Self.batch(readings)
        let predicate = try #require(Predicate.parse("temperature >= -40 and temperature <= 85 and co2 < 1500 or building == 'South'"))
        let rows = try BoundPredicate(predicate, schema: Self.schema, pipeline: "t").select(batch)
        let expected = readings.indices.filter { i in
            let r = readings[i]
            let plausible = r.temperature.map { $0 >= -40 && $0 <= 85 } ?? false
            return (plausible && r.co2 < 1500) || r.building == "South"
        }
        #expect(rows.map(Int.init) == expected)
        #expect(throws: StreamEngineError.self) {
            try BoundPredicate(#require(Predicate.parse("building > 3")), schema: Self.schema, pipeline: "t")
        }
    }

    @Test func selectDerivesColumnsPerDistinctValue() throws {
        var op = try PassThroughOperator(
            definition: PassThroughDefinition(
                name: "silver", schema: Self.schema, eventTime: EventTimeDefinition(field: "ts"),
                filter: Predicate.parse("temperature >= -40"),
                select: [
                    SelectItem("building", .upper("building")), SelectItem("room", .lower("room")),
                    SelectItem("temperature_c", .round("temperature", digits: 0)), SelectItem("dt", .date("ts")),
                    SelectItem("ts", .column("ts")),
                ]))
        let readings = Self.readings(500, seed: 9)
        let outputs = op.process(batch: Self.batch(readings), partition: 0, now: ProcessingTime(milliseconds: 0))
        guard case .rows(let rows)? = outputs.first else { throw StreamEngineError(.io, "no rows") }
        let kept = readings.filter { ($0.temperature ?? -100) >= -40 }
        #expect(rows.count == kept.count)
        #expect(op.outputColumns.map(\.type) == [.string, .string, .double, .string, .timestamp])
        for (i, r) in kept.enumerated() {
            #expect(rows.columns[0].value(i) == .string(r.building.uppercased()))
            #expect(rows.columns[1].value(i) == .string(r.room.lowercased()))
            #expect(rows.columns[2].value(i) == .double(r.temperature!.rounded(.toNearestOrAwayFromZero)))
            #expect(rows.columns[3].value(i) == .string("2024-11-03"))
            #expect(rows.columns[4].value(i) == .timestamp(Timestamp(milliseconds: r.ts)))
        }
        #expect(op.counters.filtered == Int64(readings.count - kept.count))
        #expect(throws: StreamEngineError.self) {
            try PassThroughOperator(definition: PassThroughDefinition(name: "x", schema: Self.schema, select: [SelectItem("d", .date("room"))]))
        }
    }

    static func dedupOperator(maxKeys: Int = 1 << 20) throws -> PassThroughOperator {
        try PassThroughOperator(
            definition: PassThroughDefinition(
                name: "silver", schema: Self.schema,
                eventTime: EventTimeDefinition(field: "ts", watermarkDelay: .seconds(1)),
                deduplicate: DeduplicateDefinition(key: ["sensor_id", "building"], within: .seconds(10), maxKeys: maxKeys)))
    }

    static func sensors(_ rows: [EngineOutput]) -> [String] {
        rows.flatMap { output -> [String] in
            guard case .rows(let r) = output, let c = r.column("sensor_id") else { return [] }
            return (0..<r.count).map { c.value($0).description }
        }
    }

    @Test func deduplicationDropsRepeatsWithinTheHorizonAndSurvivesACheckpoint() throws {
        var op = try Self.dedupOperator()
        let now = ProcessingTime(milliseconds: 0)
        func reading(_ sensor: String, _ dt: Int64) -> Reading {
            Reading(sensor: sensor, building: "b", room: "r", ts: Self.t0 + dt, temperature: 20, co2: 400)
        }
        // a twice within 10 s, b once, a again 20 s later (a new event).
        let first = op.process(
            batch: Self.batch([reading("a", 0), reading("b", 0), reading("a", 5_000), reading("b", 9_999)]), partition: 0, now: now)
        #expect(Self.sensors(first) == ["a", "b"])
        var restored = try PassThroughOperator.restore(from: op.checkpoint(), definition: op.definition, now: now)
        #expect(restored.rememberedKeys == 2)
        #expect(restored.sourceOffsets == [0: 4])
        let second = restored.process(
            batch: Self.batch([reading("a", 1_000), reading("a", 20_000), reading("c", 20_000)], firstOffset: 4), partition: 0, now: now)
        #expect(Self.sensors(second) == ["a", "c"])
        #expect(restored.counters.duplicates == 3)
        // Keys older than watermark − horizon are forgotten: memory follows event time.
        _ = restored.process(batch: Self.batch([reading("z", 60_000)], firstOffset: 7), partition: 0, now: now)
        #expect(restored.rememberedKeys == 1)
        var other = PassThroughDefinition(name: "silver", schema: Self.schema, eventTime: EventTimeDefinition(field: "ts"))
        other.deduplicate = DeduplicateDefinition(key: ["sensor_id"], within: .seconds(1))
        #expect(throws: StreamEngineError.self) { try PassThroughOperator.restore(from: op.checkpoint(), definition: other, now: now) }
    }

    @Test func deduplicationMemoryIsCapped() throws {
        var op = try Self.dedupOperator(maxKeys: 100)
        let readings = (0..<1000).map {
            Reading(sensor: "s-\($0)", building: "b", room: "r", ts: Self.t0, temperature: 20, co2: 400)
        }
        let out = op.process(batch: Self.batch(readings), partition: 0, now: ProcessingTime(milliseconds: 0))
        #expect(Self.sensors(out).count == 1000)
        #expect(op.rememberedKeys == 100)
    }

    @Test func tooLongPartitionValuesAreDeadLettered() throws {
        var definition = PassThroughDefinition(name: "silver", schema: Self.schema, select: [SelectItem("b", .upper("building"))])
        definition.partitionFields = ["building"]
        var op = try PassThroughOperator(definition: definition)
        var readings = Self.readings(3, seed: 1)
        readings[1].building = String(repeating: "x", count: KeyGuard.maxBytes + 1)
        let outputs = op.process(batch: Self.batch(readings), partition: 2, now: ProcessingTime(milliseconds: 0))
        guard case .deadLetter(let letters)? = outputs.first, case .rows(let rows)? = outputs.last else {
            Issue.record("expected a dead letter and rows, got \(outputs)")
            return
        }
        #expect(letters.map(\.failure.offset) == [1])
        #expect(letters.first?.failure.field == "building")
        #expect(letters.first?.partition == 2)
        #expect(rows.count == 2)
        #expect(op.counters.deadLetters == 1)
    }

    @Test func whereRunsBeforeWindowing() throws {
        var base = PipelineDefinition.seed000()
        base.eventTime.watermarkDelay = .seconds(2)
        var filtered = base
        filtered.filter = Predicate.parse("temperature > 25 and device_id != 'nobody'")
        var withFilter = try WindowAggregator(definition: filtered)
        var plain = try WindowAggregator(definition: base)
        let stream = GeneratedStream(seed: 5, count: 6000)
        var a = EngineRun()
        EngineRun.run(stream, &withFilter, run: &a)
        var b = EngineRun()
        let decoder = plain.makeDecoder()
        for (i, (partition, events)) in stream.batches.enumerated() {
            let kept = events.filter { $0.malformed || $0.temperature > 25 }
            guard let first = kept.first else { continue }
            var batch = plain.makeBatch()
            decoder.decode(lines: stream.ndjson(kept[...]), firstOffset: first.offset, into: &batch)
            b.collect(plain.process(batch: batch, partition: partition, now: ProcessingTime(milliseconds: Int64(i))))
        }
        #expect(!a.finals.isEmpty)
        #expect(a.finals == b.finals)
        #expect(withFilter.counters.filtered > 0)
    }
}
