import Foundation
import RivuletCore
import TestSupport
import Testing

@testable import Lakehouse

@Suite struct PartitionedRowBufferTests {
    static let schema = LakeSchema([
        LakeColumn("dt", .string, nullable: false), LakeColumn("v", .int64, nullable: false),
    ])

    static func rows(_ days: [String], from: Int64 = 0) throws -> ColumnarRows {
        try ColumnarRows(
            schema: schema,
            columns: [
                ColumnData(.string(days)), ColumnData(.int64((0..<Int64(days.count)).map { from + $0 })),
            ])
    }

    static func policy(target: Int64 = 1 << 20, interval: Duration = .seconds(30)) -> LakeFlushPolicy {
        var p = LakeFlushPolicy()
        p.targetFileSize = ByteCount(rawValue: target)
        p.flushInterval = interval
        return p
    }

    @Test func flushesAPartitionAtTheTargetSizeAndAllAfterTheInterval() throws {
        // Each row is 1 + 4 (a one-letter string) + 8 bytes in memory (`estimatedBytes`): 13.
        var buffer = PartitionedRowBuffer(
            schema: Self.schema, partitionBy: ["dt"], policy: Self.policy(target: 130), now: .zero)
        try buffer.append(Self.rows(Array(repeating: "a", count: 9) + ["b"]), now: .seconds(1))
        #expect(!buffer.isDue(now: .seconds(2)))
        try buffer.append(Self.rows(["a", "b"], from: 10), now: .seconds(3))
        #expect(buffer.duePartitions(now: .seconds(3)) == [["a"]])
        let a = buffer.take(buffer.duePartitions(now: .seconds(3)))
        try #require(a.count == 1)
        #expect(a[0].values == ["a"] && a[0].rows.count == 10)
        #expect(a[0].rows.column("v")?.values == .int64(Array(0..<9) + [10]))
        #expect(buffer.bufferedRows == 2 && buffer.bufferedBytes == 26)
        // "b" arrived at 1 s: due 30 s later, not before.
        #expect(!buffer.isDue(now: .seconds(30)))
        #expect(buffer.duePartitions(now: .seconds(31)) == [["b"]])
        let rest = buffer.takeAll(now: .seconds(31))
        #expect(rest.map(\.rows.count) == [2] && buffer.bufferedRows == 0 && buffer.lastFlush == .seconds(31))
    }

    @Test func flushesEverythingPastTheMemoryCap() throws {
        var policy = Self.policy()
        policy.maxBufferedBytes = ByteCount(rawValue: 13 * 6)
        var buffer = PartitionedRowBuffer(schema: Self.schema, partitionBy: ["dt"], policy: policy, now: .zero)
        try buffer.append(Self.rows(["a", "b", "c", "a", "b"]), now: .zero)
        #expect(!buffer.isDue(now: .zero))
        try buffer.append(Self.rows(["c"]), now: .zero)
        #expect(buffer.duePartitions(now: .zero) == [["a"], ["b"], ["c"]])
        #expect(throws: LakehouseError.self) {
            try buffer.append(ColumnarRows.empty(LakeSchema([LakeColumn("x", .int64)])), now: .zero)
        }
    }

    @Test func stringColumnsHoldBytesAndReadAsStrings() {
        var column = StringColumn(["device-3fa2c1d0", "", "é中😀"])
        column.append("lab")
        #expect(Array(column) == ["device-3fa2c1d0", "", "é中😀", "lab"])
        #expect(column.offsets == [0, 15, 15, 24, 27] && column.byteCount(2) == 9)
        #expect(column.gather([3, 0]) == StringColumn(["lab", "device-3fa2c1d0"]))
        #expect(column.slice(1..<3) == StringColumn(["", "é中😀"]))
        var joined = column.slice(0..<1)
        joined.append(contentsOf: column.slice(3..<4))
        #expect(joined == StringColumn(["device-3fa2c1d0", "lab"]))
        #expect(column.minMaxIndices(column.indices).map { [$0.0, $0.1] } == [1, 2])
    }

    @Test func deltaWriterStagesBufferedPartitionsAndCompactsPastTheFileCount() throws {
        let dir = try TemporaryDirectory(prefix: "lake-buffer")
        defer { dir.remove() }
        let table = DeltaTable(path: dir.file("t"))
        let writer = DeltaTableWriter(table: table)
        var policy = Self.policy()
        policy.optimizeAfterFiles = 3
        var buffer = PartitionedRowBuffer(schema: Self.schema, partitionBy: ["dt"], policy: policy, now: .zero)
        for epoch in 0..<3 {
            try buffer.append(Self.rows(["a", "b", "a"], from: Int64(epoch * 3)), now: .zero)
            let adds = try writer.stage(buffer.takeAll(now: .zero), schema: Self.schema, partitionBy: ["dt"])
            #expect(adds.map { $0.partitionValues["dt"] } == [.some("a"), .some("b")])
            try writer.commit(staged: adds, txn: DeltaTxn(appId: "t", version: Int64(epoch + 1)))
            let compacted = try table.optimizeIfNeeded(policy)
            #expect((compacted == nil) == (epoch < 2))
        }
        let snapshot = try table.snapshot()
        #expect(snapshot.files.count == 2)  // three small files per partition became one each
        #expect(snapshot.transactionVersion(appId: "t") == 3)
        let all = try table.readRows()
        guard case .int64(let v) = all.column("v")?.values else {
            Issue.record("no v")
            return
        }
        #expect(v.sorted() == Array(0..<9))
    }
}
