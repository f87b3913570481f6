import Foundation
import Lakehouse
import RivuletApp
import RivuletCore
import StreamEngine
import TestSupport
import Testing

/// `DeltaWindowSink` through the exactly-once protocol's crash points: prepared but not
/// committed epochs are aborted with their files; an epoch committed again is a no-op; a
/// commit after a restart finds its files through the staging manifest.
@Suite struct PipelineDeltaSinkTests {
    static let definition = PipelineDefinition.seed000()

    static func sink(_ dir: String) throws -> DeltaWindowSink {
        let table = DeltaTable(path: dir + "/lake/windows")
        return DeltaWindowSink(
            windows: table, columns: WindowRowColumns(definition), partitionBy: ["device_id"],
            late: (DeltaTable(path: dir + "/lake/late"), LateEventColumns(definition, topic: "iot-metrics")),
            appId: try DeltaWindowSink.appId(pipeline: definition.name, table: table, checkpointDirectory: dir + "/ckpt"),
            stagingDirectory: dir + "/ckpt/staging")
    }

    static func rows(_ epoch: Int64) -> [WindowRow] {
        (0..<3).map { d in
            WindowRow(
                windowStart: Timestamp(milliseconds: 1_730_638_570_000 + epoch * 10_000),
                windowEnd: Timestamp(milliseconds: 1_730_638_580_000 + epoch * 10_000), keys: [.string("device-\(d)")],
                values: [.int64(Int64(d + 1)), .double(21.5), .double(50), .double(80), .double(90)])
        }
    }

    static func parquetFiles(_ dir: String) -> Int {
        let all = FileManager.default.enumerator(atPath: dir + "/lake")?.allObjects as? [String] ?? []
        return all.filter { $0.hasSuffix(".parquet") && !$0.contains("_delta_log") }.count
    }

    @Test func prepareCommitAbortAndRecommit() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sink = try Self.sink(dir.path)
        #expect(try await sink.lastCommittedEpoch() == nil)
        sink.addLate([LateEvent(partition: 0, offset: 7, eventTime: Timestamp(milliseconds: 1_730_638_500_000),
                                watermark: Timestamp(milliseconds: 1_730_638_600_000), lateByMilliseconds: 100_000,
                                keys: [.string("device-1")], record: Array("{}".utf8))])
        try await sink.prepare(epoch: 1, rows: Self.rows(1))
        try await sink.commit(epoch: 1)
        #expect(try await sink.lastCommittedEpoch() == 1)
        // A restart whose checkpoint says epoch 1 commits it again: nothing changes.
        let restarted = try Self.sink(dir.path)
        try await restarted.commit(epoch: 1)
        #expect(try DeltaTable(path: dir.path + "/lake/windows").readRows().count == 3)
        #expect(try DeltaTable(path: dir.path + "/lake/late").readRows().count == 1)

        // Epoch 2 prepared, then a crash before the checkpoint was saved: aborted with its files.
        let filesBefore = Self.parquetFiles(dir.path)
        try await restarted.prepare(epoch: 2, rows: Self.rows(2))
        #expect(Self.parquetFiles(dir.path) > filesBefore)
        try await Self.sink(dir.path).abort(after: 1)
        #expect(Self.parquetFiles(dir.path) == filesBefore)

        // Epoch 2 prepared, crash after the checkpoint: the new process commits it from the manifest.
        try await restarted.prepare(epoch: 2, rows: Self.rows(2))
        let third = try Self.sink(dir.path)
        try await third.commit(epoch: 2)
        try await third.abort(after: 2)
        #expect(try await third.lastCommittedEpoch() == 2)
        #expect(try DeltaTable(path: dir.path + "/lake/windows").readRows().count == 6)
    }

    @Test func aResetCheckpointGetsAFreshAppId() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sink = try Self.sink(dir.path)
        #expect(sink.appId == "iot-aggregates")
        try await sink.prepare(epoch: 1, rows: Self.rows(1))
        try await sink.commit(epoch: 1)
        #expect(try Self.sink(dir.path).appId == "iot-aggregates")
        // `rivulet clean --checkpoints` removes the checkpoint directory.
        try FileManager.default.removeItem(atPath: dir.path + "/ckpt")
        let fresh = try Self.sink(dir.path)
        #expect(fresh.appId == "iot-aggregates#1")
        #expect(try await fresh.lastCommittedEpoch() == nil)
    }
}
