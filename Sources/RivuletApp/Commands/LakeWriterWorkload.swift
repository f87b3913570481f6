import Foundation
import Lakehouse

/// The workload behind `rivulet _lake-writer`, a crash probe for Delta commits: it appends
/// batches of `rowsPerCommit` rows to one table in a loop, one commit each, and reports a
/// batch only once its commit returned. Row ids (`<writer>-<batch>-<row>`) are unique, so a
/// test that kills it at random, or runs two at once, can check that every reported batch
/// is there whole, that no batch is there in part and that no row is there twice.
public struct LakeWriterWorkload: Sendable {
    public static let schema = LakeSchema([
        LakeColumn("id", .string, nullable: false), LakeColumn("writer", .string, nullable: false),
        LakeColumn("batch", .int64, nullable: false), LakeColumn("value", .double),
        LakeColumn("part", .string, nullable: false),
    ])
    public static let partitionBy = ["part"]

    public let table: DeltaTable
    public let writer: String
    public var rowsPerCommit = 50

    public init(table: DeltaTable, writer: String) {
        self.table = table
        self.writer = writer
    }

    /// Batch `batch`'s rows: spread over three partitions, so each commit adds three files.
    public func rows(batch: Int64) throws -> ColumnarRows {
        let n = rowsPerCommit
        return try ColumnarRows(
            schema: Self.schema,
            columns: [
                ColumnData(.string((0..<n).map { "\(writer)-\(batch)-\($0)" })),
                ColumnData(.string(Array(repeating: writer, count: n))),
                ColumnData(.int64(Array(repeating: batch, count: n))),
                ColumnData(.double((0..<n).map { Double(batch) + Double($0) / 1000 })),
                ColumnData(.string((0..<n).map { "p\($0 % 3)" })),
            ])
    }

    /// Appends batches `0..<count` (forever when nil); `committed` is called after each commit
    /// with the batch number and the table version it landed on.
    public func run(count: Int64?, committed: (Int64, Int64) -> Void) throws {
        let appender = DeltaTableWriter(table: table)
        var batch: Int64 = 0
        while count.map({ batch < $0 }) ?? true {
            let result = try appender.append(rows(batch: batch), partitionBy: Self.partitionBy)
            committed(batch, result.version ?? -1)
            batch += 1
        }
    }
}
