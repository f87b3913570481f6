import TestSupport
import Testing

@testable import Lakehouse

@Suite struct ParquetRoundTripTests {
    static func roundTrip(_ rows: ColumnarRows, _ options: ParquetWriterOptions) throws -> (
        ColumnarRows, ParquetFile, ParquetFileSummary
    ) {
        let dir = try TemporaryDirectory(prefix: "lake-rt")
        defer { dir.remove() }
        let writer = try ParquetWriter(path: dir.file("x.parquet"), schema: rows.schema, options: options)
        try writer.write(rows)
        let summary = try writer.close()
        let file = try ParquetFile(path: dir.file("x.parquet"))
        return (try file.readRows(), file, summary)
    }

    @Test(arguments: LakeCompression.allCases)
    func everyTypeAndNullability(_ compression: LakeCompression) throws {
        var options = ParquetWriterOptions()
        options.compression = compression
        let rows = LakeFixtures.rows(1000)
        let (back, file, summary) = try Self.roundTrip(rows, options)
        #expect(back == rows)
        #expect(summary.rowCount == 1000)
        #expect(file.metadata.rowGroups.count == 1)
        #expect(file.metadata.rowGroups[0].columns[0].metaData?.codec == compression.codec)
        // Strings are dictionary-encoded.
        #expect(file.metadata.rowGroups[0].columns[4].metaData?.encodings.contains(.rleDictionary) == true)
    }

    @Test func statisticsMatchTheData() throws {
        let rows = LakeFixtures.rows(500)
        let (_, file, summary) = try Self.roundTrip(rows, ParquetWriterOptions())
        let i32 = try #require(file.statistics(column: 0))
        #expect(i32.min == .int32(-50) && i32.max == .int32(449) && i32.nullCount == 0)
        let i64 = try #require(file.statistics(column: 1))
        #expect(i64.nullCount == 100)
        let flag = try #require(file.statistics(column: 3))
        #expect(flag.min == .boolean(false) && flag.max == .boolean(true))
        let name = try #require(file.statistics(column: 4))
        #expect(name.min == .string("") && name.max == .string("\u{00e9}t\u{00e9}"))
        #expect(summary.statistics[4] == name)
    }

    @Test func smallRowGroupsPagesAndDictionaryFallback() throws {
        var options = ParquetWriterOptions()
        options.rowGroupSize = .kibibytes(16)
        options.pageSize = .kibibytes(2)
        options.dictionaryPageSizeLimit = .kibibytes(1)
        let dir = try TemporaryDirectory(prefix: "lake-rg")
        defer { dir.remove() }
        let writer = try ParquetWriter(path: dir.file("x.parquet"), schema: LakeFixtures.schema, options: options)
        var all = ColumnarRows.empty(LakeFixtures.schema)
        for seed in 1...10 {
            let batch = LakeFixtures.rows(300, seed: UInt64(seed))
            try writer.write(batch)
            try all.append(batch)
        }
        _ = try writer.close()
        let file = try ParquetFile(path: dir.file("x.parquet"))
        #expect(file.metadata.rowGroups.count > 1)
        #expect(try file.readRows() == all)
        // Row groups of fewer values than a dictionary batch keep their dictionary, as in pyarrow.
        let note = try #require(file.metadata.rowGroups[0].columns[6].metaData)
        #expect(note.encodings.contains(.rleDictionary))
    }

    @Test func emptyFileAndAllNullColumn() throws {
        let schema = LakeSchema([LakeColumn("s", .string), LakeColumn("d", .double)])
        let empty = ColumnarRows.empty(schema)
        #expect(try Self.roundTrip(empty, ParquetWriterOptions()).0 == empty)
        let nulls = try ColumnarRows(
            schema: schema,
            columns: [
                ColumnData(.string(["", "", ""]), validity: [false, false, false]),
                ColumnData(.double([.nan, 1, -0.0]), validity: [true, true, true]),
            ])
        let (back, file, _) = try Self.roundTrip(nulls, ParquetWriterOptions())
        #expect(back.columns[0] == nulls.columns[0])
        #expect(file.statistics(column: 0)?.nullCount == 3)
        #expect(file.statistics(column: 1)?.min == .double(-0.0))
    }

    @Test func corruptAndTruncatedFilesThrow() throws {
        let dir = try TemporaryDirectory(prefix: "lake-bad")
        defer { dir.remove() }
        let writer = try ParquetWriter(path: dir.file("x.parquet"), schema: LakeFixtures.schema)
        try writer.write(LakeFixtures.rows(200))
        _ = try writer.close()
        let good = try FileIO.readAll(dir.file("x.parquet"))
        var rng = SeededRandom(seed: 21)
        for i in 0..<400 {
            var bytes = good
            if i % 3 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            } else {
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            if let file = try? ParquetFile(bytes: bytes) { _ = try? file.readRows() }
        }
        #expect(throws: LakehouseError.self) { try ParquetFile(bytes: Array(good.prefix(good.count - 1))) }
    }
}
