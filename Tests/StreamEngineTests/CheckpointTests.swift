import RivuletCore
import Testing
@testable import StreamEngine

@Suite struct CheckpointTests {
    static func definitions() -> [PipelineDefinition] {
        var hopping = PipelineDefinition.seed000()
        hopping.window = .hopping(size: .seconds(10), slide: .seconds(5))
        var session = PipelineDefinition.seed000()
        session.window = .session(gap: .seconds(3))
        session.allowedLateness = .seconds(20)
        session.aggregates += [.init("p95", .percentile("temperature", 0.95)), .init("first", .first("status")),
                               .init("warn", .countIf(Condition.parse("status == 'warn'")!)), .init("sd", .stddev("battery"))]
        return [.seed000(), hopping, session]
    }

    @Test(arguments: definitions())
    func restoreMidStreamGivesTheSameOutputAsAnUninterruptedRun(definition: PipelineDefinition) throws {
        let stream = GeneratedStream(seed: 99, count: 15_000, devices: 6)
        var whole = try WindowAggregator(definition: definition)
        var expected = EngineRun()
        EngineRun.run(stream, &whole, run: &expected)

        let cut = stream.batches.count / 2
        var first = try WindowAggregator(definition: definition)
        var got = EngineRun()
        EngineRun.run(stream, &first, batches: 0..<cut, run: &got)
        first.epoch = 7
        let bytes = first.checkpoint()
        var restored = try WindowAggregator.restore(from: bytes, definition: definition, now: ProcessingTime(milliseconds: 0))
        #expect(restored.epoch == 7)
        #expect(restored.checkpoint() == bytes)
        #expect(restored.sourceOffsets == first.sourceOffsets)
        EngineRun.run(stream, &restored, batches: cut..<stream.batches.count, run: &got)

        #expect(got.finals == expected.finals)
        #expect(got.late == expected.late)
        #expect(restored.liveRows() == whole.liveRows())
        #expect(restored.counters == whole.counters)
    }

    @Test func aChangedDefinitionIsReportedWithTheResetCommand() throws {
        var a = try WindowAggregator(definition: .seed000())
        var batch = a.makeBatch()
        a.makeDecoder().decode(record: Array(#"{"device_id":"d","ts":1,"temperature":1,"humidity":1,"battery":1}"#.utf8), offset: 0, into: &batch)
        _ = a.process(batch: batch, partition: 0, now: ProcessingTime(milliseconds: 0))
        var changed = PipelineDefinition.seed000()
        changed.window = .tumbling(size: .seconds(30))
        do {
            _ = try WindowAggregator.restore(from: a.checkpoint(), definition: changed, now: ProcessingTime(milliseconds: 0))
            Issue.record("restored")
        } catch {
            #expect(error.code == .incompatibleCheckpoint)
            #expect(error.message.contains("rivulet clean --checkpoints --pipeline iot-aggregates"))
            #expect(error.isUsageError)
        }
        // Timing settings do not change the fingerprint.
        var timing = PipelineDefinition.seed000()
        timing.eventTime.watermarkDelay = .seconds(5)
        timing.liveEvery = .seconds(1)
        #expect(throws: Never.self) {
            try WindowAggregator.restore(from: a.checkpoint(), definition: timing, now: ProcessingTime(milliseconds: 0))
        }
    }

    @Test func fuzzedCheckpointsNeverTrap() throws {
        let definition = Self.definitions()[2]
        let stream = GeneratedStream(seed: 5, count: 3000, devices: 4)
        var a = try WindowAggregator(definition: definition)
        var run = EngineRun()
        EngineRun.run(stream, &a, run: &run)
        let good = a.checkpoint()
        let header = CheckpointCodec.headerSize
        var rng = SplitMix64(seed: 11)
        var accepted = 0
        for round in 0..<3000 {
            var bytes = good
            let mutations = Int.random(in: 1...6, using: &rng)
            for _ in 0..<mutations {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.removeLast(min(bytes.count - header, Int.random(in: 0...64, using: &rng)))
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: header..<bytes.count, using: &rng))
                }
            }
            if round % 2 == 0, bytes.count >= header {
                // Re-seal so that the body parser itself is fuzzed, not just the checksum.
                let body = Array(bytes[header...])
                var w = BinaryWriter()
                w.count(body.count)
                w.u32(CRC32C.checksum(body))
                bytes.replaceSubrange(header - 8..<header, with: w.bytes)
                bytes.replaceSubrange(0..<6, with: Array(good[0..<6]))
                bytes.replaceSubrange(6..<14, with: Array(good[6..<14]))
            }
            if var restored = try? WindowAggregator.restore(from: bytes, definition: definition, now: ProcessingTime(milliseconds: 0)) {
                accepted += 1
                _ = restored.liveRows()
                _ = restored.advance(processingTime: ProcessingTime(milliseconds: 1_000_000_000))
                _ = restored.checkpoint()
            }
        }
        #expect(accepted < 3000)
        #expect(throws: StreamEngineError.self) {
            try WindowAggregator.restore(from: Array(good.prefix(10)), definition: definition, now: ProcessingTime(milliseconds: 0))
        }
    }
}

@Suite struct ExactlyOnceTests {
    /// Crashes at random points — between batches, after prepare, after the checkpoint save
    /// but before commit — restarts from the checkpoint, replays from its offsets, and checks
    /// the committed rows equal an uninterrupted run's final windows: none lost, none twice.
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    func crashesNeitherLoseNorDuplicateWindows(seed: UInt64) async throws {
        let definition = PipelineDefinition.seed000()
        let stream = GeneratedStream(seed: seed, count: 8000, devices: 5)
        var whole = try WindowAggregator(definition: definition)
        var expected = EngineRun()
        EngineRun.run(stream, &whole, run: &expected)

        let sink = InMemoryTransactionalSink()
        let store = InMemoryCheckpointStore()
        var rng = SplitMix64(seed: seed)
        var crashes = 0
        var next = 0
        var restarts = 0
        while true {
            restarts += 1
            try #require(restarts < 200)
            var coordinator = try await ExactlyOnceCoordinator.recover(
                definition: definition, sink: sink, store: store, now: ProcessingTime(milliseconds: 0))
            // Replay: the batch order is the log's, each partition from its checkpointed offset.
            let offsets = coordinator.aggregator.sourceOffsets
            next = 0
            let decoder = coordinator.aggregator.makeDecoder()
            var crashed = false
            while next < stream.batches.count {
                let (partition, events) = stream.batches[next]
                next += 1
                let from = offsets[partition] ?? 0
                let todo = events.filter { $0.offset >= from }
                if !todo.isEmpty {
                    var batch = coordinator.aggregator.makeBatch()
                    decoder.decode(lines: stream.ndjson(todo[...]), firstOffset: todo[0].offset, into: &batch)
                    _ = coordinator.process(batch: batch, partition: partition, now: ProcessingTime(milliseconds: 0))
                }
                let roll = Int.random(in: 0..<100, using: &rng)
                if roll < 20 {
                    if crashes < 10, Bool.random(using: &rng) {
                        crashes += 1
                        sink.crash(at: coordinator.aggregator.epoch + 1, atCommit: Bool.random(using: &rng))
                    }
                    do {
                        try await coordinator.checkpoint()
                    } catch is InMemoryTransactionalSink.InjectedCrash {
                        crashed = true
                        break
                    }
                } else if roll < 28, crashes < 10 {
                    crashes += 1
                    crashed = true
                    break
                }
            }
            if !crashed {
                try await coordinator.checkpoint()
                break
            }
        }
        #expect(crashes >= 3)
        let committed = sink.committedRows
        #expect(committed.count == expected.finals.count)
        #expect(Set(committed) == Set(expected.finals))
        let epochs = sink.snapshot.committed.map(\.epoch)
        #expect(epochs == epochs.sorted() && Set(epochs).count == epochs.count)
    }
}
