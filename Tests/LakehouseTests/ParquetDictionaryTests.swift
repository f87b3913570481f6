import TestSupport
import Testing

@testable import Lakehouse

/// Dictionary encoding as pyarrow does it: every physical type but BOOLEAN, with a fallback
/// to PLAIN pages within a chunk once the dictionary passes its size limit.
@Suite struct ParquetDictionaryTests {
    /// The page headers of one column chunk, in file order.
    static func pages(_ file: ParquetFile, group: Int = 0, column: Int) throws -> [PageHeader] {
        let meta = try #require(file.metadata.rowGroups[group].columns[column].metaData)
        var p = Int(meta.dictionaryPageOffset ?? meta.dataPageOffset)
        let end = p + Int(meta.totalCompressedSize)
        var headers: [PageHeader] = []
        while p < end {
            var r = CompactReader(file.bytes, position: p)
            let header = try PageHeader.decode(&r)
            headers.append(header)
            p = r.position + Int(header.compressedPageSize)
        }
        return headers
    }

    static func dataEncodings(_ pages: [PageHeader]) -> [Encoding] { pages.compactMap { $0.dataPageHeader?.encoding } }

    @Test func everyTypeButBooleanIsDictionaryEncoded() throws {
        let rows = LakeFixtures.rows(1000)
        let (back, file, _) = try ParquetRoundTripTests.roundTrip(rows, ParquetWriterOptions())
        #expect(back == rows)
        for c in rows.schema.columns.indices {
            let pages = try Self.pages(file, column: c)
            if c == 3 {
                #expect(
                    pages.allSatisfy { $0.type == .dataPage } && Self.dataEncodings(pages).allSatisfy { $0 == .plain })
            } else {
                #expect(pages.first?.type == .dictionaryPage, "column \(c)")
                #expect(Self.dataEncodings(pages).allSatisfy { $0 == .rleDictionary }, "column \(c)")
            }
        }
    }

    @Test func stringsOfEveryLengthFindTheirOwnEntry() throws {
        // Lengths 0 to 40 take every path of the word-wise hash and comparison; strings that
        // differ only in their last byte, or only in length, must stay distinct. 3000 distinct
        // strings also grow the hash table several times.
        var distinct: [String] = []
        for length in 0...40 {
            for last in ["a", "b", "\u{0}"] where length > 0 {
                distinct.append(String(repeating: "x", count: length - 1) + last)
            }
        }
        distinct += (0..<3000).map { "device-\($0 &* 2_654_435_761 & 0xFFFF_FFFF)" }
        distinct.append("")
        var rng = SeededRandom(seed: 11)
        let values = (0..<20_000).map { _ in distinct.randomElement(using: &rng)! }
        let encoded = try #require(
            DictionaryEncoder.encode(.byteArray(StringColumn(values)), limit: 1 << 20, allOrNothing: false))
        guard case .byteArray(let dictionary) = encoded.dictionary else {
            throw LakehouseError(.invalidArgument, "not strings")
        }
        #expect(encoded.encoded == values.count)
        #expect(Set(dictionary).count == dictionary.count)
        #expect(encoded.indices.map { dictionary[Int($0)] } == values)
    }

    @Test func fallsBackToPlainOnceTheDictionaryIsTooBig() throws {
        var options = ParquetWriterOptions()
        options.pageSize = .kibibytes(8)
        options.dictionaryPageSizeLimit = .kibibytes(4)
        let rows = LakeFixtures.rows(6000, seed: 3)
        let (back, file, _) = try ParquetRoundTripTests.roundTrip(rows, options)
        #expect(back == rows)
        // i32 (4 bytes each, all distinct): the first 1024-value batch fills 4 KiB exactly.
        let i32 = try Self.pages(file, column: 0)
        #expect(i32.first?.dictionaryPageHeader?.numValues == 1024)
        let encodings = Self.dataEncodings(i32)
        #expect(encodings.first == .rleDictionary && encodings.last == .plain)
        #expect(encodings.drop { $0 == .rleDictionary }.allSatisfy { $0 == .plain })
        for c in [1, 2, 5, 6] {  // i64, f64, ts, note: too many distinct values too
            let pages = try Self.pages(file, column: c)
            #expect(pages.first?.type == .dictionaryPage && Self.dataEncodings(pages).last == .plain, "column \(c)")
            #expect(pages.count > 3, "PLAIN values are cut into 8 KiB pages")
        }
        // Six distinct names: dictionary throughout.
        #expect(Self.dataEncodings(try Self.pages(file, column: 4)).allSatisfy { $0 == .rleDictionary })
        #expect(file.statistics(column: 5)?.max == .int64(1_730_638_574_123_000 + 5999 * 1_000_003))
    }

    @Test func doublesKeepTheirBitPatterns() throws {
        let schema = LakeSchema([LakeColumn("d", .double, nullable: false)])
        let values: [Double] = [0.0, -0.0, .nan, Double(bitPattern: 0x7FF8_0000_0000_0001), 1.5, -.infinity, 0.0, 1.5]
        let rows = try ColumnarRows(schema: schema, columns: [ColumnData(.double(values))])
        let (back, file, _) = try ParquetRoundTripTests.roundTrip(rows, ParquetWriterOptions())
        guard case .double(let read) = back.columns[0].values else {
            Issue.record("not doubles")
            return
        }
        #expect(read.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(try Self.pages(file, column: 0).first?.dictionaryPageHeader?.numValues == 6)
        #expect(
            file.statistics(column: 0)?.min == .double(-.infinity) && file.statistics(column: 0)?.max == .double(1.5))
    }

    @Test func lowCardinalityNumbersShrinkAndDisablingWritesPlain() throws {
        let schema = LakeSchema([
            LakeColumn("ts", .timestampMicros, nullable: false), LakeColumn("n", .int64), LakeColumn("t", .double),
        ])
        let count = 50_000
        let rows = try ColumnarRows(
            schema: schema,
            columns: [
                ColumnData(.timestampMicros((0..<count).map { 1_730_638_570_000_000 + Int64($0 / 1000) * 10_000_000 })),
                ColumnData(.int64((0..<count).map { Int64(30 + $0 % 11) }), validity: (0..<count).map { $0 % 9 != 0 }),
                ColumnData(.double((0..<count).map { 20 + Double(($0 &* 7919) % 1000) / 100 })),
            ])
        var plain = ParquetWriterOptions()
        plain.dictionaryEnabled = false
        plain.compression = .none
        var dictionary = ParquetWriterOptions()
        dictionary.compression = .none
        let (backPlain, plainFile, plainSummary) = try ParquetRoundTripTests.roundTrip(rows, plain)
        let (backDictionary, _, dictionarySummary) = try ParquetRoundTripTests.roundTrip(rows, dictionary)
        #expect(backPlain == backDictionary)
        #expect(backDictionary.columns[0] == rows.columns[0] && backDictionary.columns[2] == rows.columns[2])
        #expect(dictionarySummary.size * 3 < plainSummary.size)
        for c in 0..<3 { #expect(Self.dataEncodings(try Self.pages(plainFile, column: c)).allSatisfy { $0 == .plain }) }
    }
}
