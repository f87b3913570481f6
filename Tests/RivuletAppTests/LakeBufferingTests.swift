import Foundation
import Lakehouse
import Logging
import RivuletCore
import StreamEngine
import TestSupport
import Testing

@testable import RivuletApp

/// A buffering `LakeEpochSink` (the lake's `flush_interval`, `target_file_size` and
/// `optimize_after_files`): rows wait per partition for a larger file, survive restarts
/// through carry files, are written exactly once, and small files are compacted.
@Suite struct LakeBufferingTests {
    static let definition = PipelineDefinition.seed000()

    static func sink(_ dir: String, clock: ManualClock, policy: LakeFlushPolicy) throws -> DeltaWindowSink {
        let table = DeltaTable(path: dir + "/lake/windows", clock: clock)
        let buffering = LakeBuffering(policy: policy, horizon: .seconds(5), clock: clock, logger: Logger(label: "test"))
        return DeltaWindowSink(
            targets: [.delta(DeltaTableWriter(table: table), partitionBy: ["device_id"])], columns: WindowRowColumns(definition),
            late: (DeltaTable(path: dir + "/lake/late", clock: clock), LateEventColumns(definition, topic: "iot-metrics")),
            appId: "iot-aggregates", stagingDirectory: dir + "/ckpt/staging", buffering: buffering)
    }

    static func policy(interval: Duration = .seconds(30), optimizeAfter: Int = 0) -> LakeFlushPolicy {
        var policy = LakeFlushPolicy()
        policy.flushInterval = interval
        policy.optimizeAfterFiles = optimizeAfter
        return policy
    }

    /// Three devices' windows of `epoch`.
    static func rows(_ epoch: Int64, devices: Range<Int> = 0..<3) -> [WindowRow] {
        devices.map { d in
            WindowRow(
                windowStart: Timestamp(milliseconds: 1_730_638_570_000 + epoch * 10_000),
                windowEnd: Timestamp(milliseconds: 1_730_638_580_000 + epoch * 10_000), keys: [.string("device-\(d)")],
                values: [.int64(epoch), .double(21.5), .double(50), .double(80), .double(90)])
        }
    }

    static func windows(_ dir: String) throws -> [Int64] {
        let rows = try DeltaTable(path: dir + "/lake/windows").readRows()
        guard case .int64(let counts) = rows.column("count")?.values else { return [] }
        return counts.sorted()
    }

    static func carryFiles(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/ckpt/staging/carry")) ?? []).sorted()
    }

    static func checkpoint(_ sink: DeltaWindowSink, _ epoch: UInt64, _ rows: [WindowRow]) async throws {
        try await sink.prepare(epoch: epoch, rows: rows)
        try await sink.commit(epoch: epoch)
    }

    @Test func rowsWaitForTheFlushIntervalAcrossARestartAndLandOnce() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        var sink = try Self.sink(dir.path, clock: clock, policy: Self.policy())
        try await Self.checkpoint(sink, 1, Self.rows(1))
        clock.advance(by: .seconds(5))
        try await Self.checkpoint(sink, 2, Self.rows(2))
        #expect(try Self.windows(dir.path).isEmpty)  // the table exists, the rows wait
        // Epochs with nothing to write add no Delta version; the sink's marker holds the epoch.
        #expect(try DeltaTable(path: dir.path + "/lake/windows").snapshot().version == 0)
        #expect(try await sink.lastCommittedEpoch() == 2)
        #expect(Self.carryFiles(dir.path) == ["1-0.parquet", "2-0.parquet"])
        #expect(sink.lake.heldRows == 6)

        // A crash: the next process restores what epoch 2 held, with when it arrived.
        sink = try Self.sink(dir.path, clock: clock, policy: Self.policy())
        try await sink.abort(after: 2)
        #expect(sink.lake.heldRows == 6)
        clock.advance(by: .seconds(5))
        try await Self.checkpoint(sink, 3, Self.rows(3))
        #expect(try Self.windows(dir.path).isEmpty)
        // At 25 s the rows of 0 s would be 35 s old at the next epoch: written now, one file per device.
        clock.advance(by: .seconds(15))
        try await Self.checkpoint(sink, 4, [])
        #expect(try Self.windows(dir.path) == [1, 1, 1, 2, 2, 2, 3, 3, 3])
        #expect(try DeltaTable(path: dir.path + "/lake/windows").snapshot().files.count == 3)
        #expect(Self.carryFiles(dir.path).isEmpty && sink.lake.heldRows == 0)

        // Held again, then a final checkpoint drains everything.
        try await Self.checkpoint(sink, 5, Self.rows(5))
        #expect(sink.lake.heldRows == 3)
        sink.lake.drainAtNextEpoch()
        try await Self.checkpoint(sink, 6, Self.rows(6))
        #expect(try Self.windows(dir.path) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 5, 5, 5, 6, 6, 6])
        #expect(sink.lake.heldRows == 0)

        // Prepared but never committed (a crash before the checkpoint): replayed, not carried.
        try await sink.prepare(epoch: 7, rows: Self.rows(7))
        #expect(Self.carryFiles(dir.path) == ["7-0.parquet"])
        sink = try Self.sink(dir.path, clock: clock, policy: Self.policy())
        try await sink.abort(after: 6)
        #expect(sink.lake.heldRows == 0 && Self.carryFiles(dir.path).isEmpty)
        #expect(try Self.windows(dir.path).count == 15)
    }

    @Test func aCheckpointSavedBeforeItsCommitIsCommittedWithItsCarry() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let sink = try Self.sink(dir.path, clock: clock, policy: Self.policy())
        try await Self.checkpoint(sink, 1, Self.rows(1))
        clock.advance(by: .seconds(26))
        // Epoch 2 writes epoch 1's rows and holds its own (other devices); the process dies
        // before committing.
        try await sink.prepare(epoch: 2, rows: Self.rows(2, devices: 3..<6))
        #expect(try Self.windows(dir.path).isEmpty)
        let next = try Self.sink(dir.path, clock: clock, policy: Self.policy())
        try await next.commit(epoch: 2)
        try await next.abort(after: 2)
        #expect(try Self.windows(dir.path) == [1, 1, 1])
        #expect(next.lake.heldRows == 3 && Self.carryFiles(dir.path) == ["2-0.parquet"])
        next.lake.drainAtNextEpoch()
        try await Self.checkpoint(next, 3, [])
        #expect(try Self.windows(dir.path) == [1, 1, 1, 2, 2, 2])
    }

    @Test func anIntervalWithinTheCheckpointIntervalWritesEveryEpochAndSmallFilesAreCompacted() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let sink = try Self.sink(dir.path, clock: clock, policy: Self.policy(interval: .seconds(5), optimizeAfter: 3))
        for epoch in 1...3 {
            try await Self.checkpoint(sink, UInt64(epoch), Self.rows(Int64(epoch)))
            #expect(try Self.windows(dir.path).count == 3 * epoch)
            clock.advance(by: .seconds(5))
        }
        // The third file of each device's partition triggered a compaction to one file each.
        let snapshot = try DeltaTable(path: dir.path + "/lake/windows").snapshot()
        #expect(snapshot.files.count == 3)
        #expect(snapshot.transactionVersion(appId: "iot-aggregates") == 3)
        #expect(try Self.windows(dir.path) == [1, 1, 1, 2, 2, 2, 3, 3, 3])
        #expect(Self.carryFiles(dir.path).isEmpty)
    }

    @Test func aDamagedCarryManifestIsASinkFailureNamingTheReset() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock()
        let sink = try Self.sink(dir.path, clock: clock, policy: Self.policy())
        try await Self.checkpoint(sink, 1, Self.rows(1))
        try Data("0\tcarry/../../x\t0\t[[\"a\"]]\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/ckpt/staging/1.carry"))
        let error = await #expect(throws: StreamEngineError.self) { try await sink.abort(after: 1) }
        #expect(error?.message.contains("rivulet clean --checkpoints") == true)
    }
}
