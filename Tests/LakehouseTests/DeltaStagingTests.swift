import Foundation
import TestSupport
import Testing

@testable import Lakehouse

/// The two-phase append used by the engine's Delta sink: staged files are invisible until
/// committed; a txn commits once; a repeated commit of the same staged files is a no-op.
@Suite struct DeltaStagingTests {
    @Test func stagedFilesAreInvisibleUntilCommittedAndCommitOnce() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = DeltaTableWriter(table: DeltaTable(path: dir.path + "/t"))
        let rows = DeltaFixtures.windows(epoch: 1)
        let staged = try writer.stage(rows, partitionBy: ["device_id"])
        #expect(staged.count == 3)
        #expect(try writer.table.readRows().count == 0)
        for add in staged { #expect(FileManager.default.fileExists(atPath: writer.table.absolutePath(add.path))) }

        let txn = DeltaTxn(appId: "p", version: 1)
        #expect(try writer.commit(staged: staged, txn: txn) != nil)
        #expect(try writer.table.readRows().count == rows.count)
        // Retried after a crash: skipped, and the committed files stay in place.
        #expect(try writer.commit(staged: staged, txn: txn) == nil)
        #expect(try writer.table.snapshot().transactionVersion(appId: "p") == 1)
        #expect(try writer.table.readRows().count == rows.count)
        // An empty epoch still records its txn.
        #expect(try writer.commit(staged: try writer.stage(.empty(DeltaFixtures.windowSchema)), txn: DeltaTxn(appId: "p", version: 2)) != nil)
        #expect(try writer.table.snapshot().transactionVersion(appId: "p") == 2)
    }

    @Test func stagingRefusesAnotherSchemaOrPartitioning() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = DeltaTableWriter(table: DeltaTable(path: dir.path + "/t"))
        _ = try writer.stage(DeltaFixtures.windows(epoch: 1), partitionBy: ["device_id"])
        #expect(throws: LakehouseError.self) { try writer.stage(DeltaFixtures.windows(epoch: 2), partitionBy: ["count"]) }
    }
}
