import TestSupport
import Testing

@testable import Lakehouse

@Suite struct NestedParquetTests {
    static let schema = ParquetSchema([
        .group(
            "add", .optional,
            [
                .string("path"), .stringMap("partitionValues"), .int64("size"), .boolean("dataChange"),
            ]),
        .group(
            "metaData", .optional,
            [
                .string("id"), .stringList("partitionColumns"),
                .group("format", .optional, [.string("provider"), .stringMap("options")]),
            ]),
        .group("protocol", .optional, [.int32("minReaderVersion")]),
    ])

    typealias F = ParquetValue.Field

    static func record(_ rng: inout SeededRandom, _ i: Int) -> [F] {
        switch i % 3 {
        case 0:
            let pv: [String: String]? =
                i % 4 == 0
                ? nil
                : Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 0...3, using: &rng)).map { ("k\($0)", "v\(i)") })
            return [
                F(
                    "add",
                    .group([
                        F("path", .string("part-\(i).parquet")), F("partitionValues", .map(pv)),
                        F("size", i % 5 == 0 ? .null : .int64(Int64(i) * 100)), F("dataChange", .boolean(i % 2 == 0)),
                    ])),
                F("metaData", .null), F("protocol", .null),
            ]
        case 1:
            let cols = (0..<Int.random(in: 0...3, using: &rng)).map { "c\($0)" }
            return [
                F("add", .null),
                F(
                    "metaData",
                    .group([
                        F("id", .string("id-\(i)")), F("partitionColumns", .list(strings: i % 4 == 1 ? nil : cols)),
                        F("format", .group([F("provider", .string("parquet")), F("options", .map([:]))])),
                    ])),
                F("protocol", .null),
            ]
        default:
            return [F("add", .null), F("metaData", .null), F("protocol", .group([F("minReaderVersion", .int32(1))]))]
        }
    }

    @Test(arguments: [LakeCompression.none, .snappy])
    func nestedRecordsRoundTrip(_ compression: LakeCompression) throws {
        var rng = SeededRandom(seed: 4)
        let records = (0..<200).map { Self.record(&rng, $0) }
        let dir = try TemporaryDirectory(prefix: "lake-nested")
        defer { dir.remove() }
        var options = ParquetWriterOptions()
        options.compression = compression
        let writer = try ParquetFileWriter(path: dir.file("n.parquet"), schema: Self.schema, options: options)
        try writer.writeRecords(records)
        try writer.finish()
        let file = try ParquetFile(path: dir.file("n.parquet"))
        #expect(file.schema == Self.schema)
        let back = try file.readRecords()
        for (a, b) in zip(back, records) { #expect(a == b) }
        #expect(back.count == records.count)
        // Projection keeps only the requested leaves.
        let paths = try file.readRecords { $0.hasPrefix("add.path") || $0.hasPrefix("protocol") }
        #expect(paths[0][0].value["path"] == .string("part-0.parquet"))
        #expect(paths[0].count == 2)
    }
}
