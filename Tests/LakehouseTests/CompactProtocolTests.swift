import Testing

@testable import Lakehouse

@Suite struct CompactProtocolTests {
    static func randomValue(_ rng: inout SeededRandom, depth: Int) -> ThriftValue {
        let kinds = depth > 3 ? 7 : 10
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .bool(Bool.random(using: &rng))
        case 1: return .byte(Int8.random(in: .min ... .max, using: &rng))
        case 2: return .i16(Int16.random(in: .min ... .max, using: &rng))
        case 3: return .i32(Int32.random(in: .min ... .max, using: &rng))
        case 4: return .i64(Int64.random(in: .min ... .max, using: &rng))
        case 5: return .double(Double(Int.random(in: -1000...1000, using: &rng)) / 7)
        case 6: return .binary(rng.bytes(Int.random(in: 0...40, using: &rng)))
        case 7:
            let n = Int.random(in: 0...20, using: &rng)
            return .list(.i64, (0..<n).map { _ in .i64(Int64.random(in: -99999...99999, using: &rng)) })
        case 8:
            let n = Int.random(in: 1...3, using: &rng)  // an empty map carries no element types
            return .map(
                .binary, .i32, (0..<n).map { i in ThriftValue.Entry(key: .binary([UInt8(i)]), value: .i32(Int32(i))) })
        default: return randomStruct(&rng, depth: depth + 1)
        }
    }

    static func randomStruct(_ rng: inout SeededRandom, depth: Int) -> ThriftValue {
        var id: Int16 = 0
        var fields: [ThriftValue.Field] = []
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            // Mix small deltas (short form) and big jumps (long form).
            id +=
                Bool.random(using: &rng)
                ? Int16.random(in: 1...15, using: &rng) : Int16.random(in: 16...2000, using: &rng)
            fields.append(ThriftValue.Field(id: id, value: randomValue(&rng, depth: depth)))
        }
        return .structure(fields)
    }

    @Test func randomStructsRoundTrip() throws {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let value = Self.randomStruct(&rng, depth: 0)
            var w = CompactWriter()
            w.writeValue(value)
            var r = CompactReader(w.bytes)
            #expect(try r.readValue(.structure) == value)
            #expect(r.remaining == 0)
        }
    }

    @Test func knownEncodings() {
        var w = CompactWriter()
        w.structBegin()
        w.field(1, i32: 1)  // short form: delta 1, type i32, zigzag(1) = 2
        w.field(20, i64: -1)  // long form: type byte, zigzag id 40, zigzag(-1) = 1
        w.structEnd()
        #expect(w.bytes == [0x15, 0x02, 0x06, 0x28, 0x01, 0x00])
    }

    @Test func footerRoundTrip() throws {
        var schema = ParquetSchema([.string("s"), .timestampMicros("t", .required), .stringMap("m")]).schemaElements()
        schema[1].typeLength = nil
        var meta = ColumnMetaData(type: .byteArray, pathInSchema: ["s"], codec: .snappy)
        meta.encodings = [.plain, .rle, .rleDictionary]
        meta.dictionaryPageOffset = 4
        var stats = Statistics()
        stats.minValue = Array("a".utf8)
        stats.maxValue = Array("z".utf8)
        stats.nullCount = 3
        meta.statistics = stats
        var group = RowGroup(columns: [ColumnChunk(fileOffset: 4, metaData: meta)], totalByteSize: 10, numRows: 5)
        group.ordinal = 0
        var file = FileMetaData(schema: schema, numRows: 5, rowGroups: [group])
        file.createdBy = "test"
        file.keyValueMetadata = [KeyValue(key: "k", value: "v")]
        file.columnOrders = [true, true, true, true]
        #expect(try FileMetaData.decode(file.encoded()) == file)

        var page = PageHeader(type: .dataPage, uncompressedPageSize: 10, compressedPageSize: 8)
        var data = DataPageHeader(numValues: 3, encoding: .rleDictionary)
        data.statistics = stats
        page.dataPageHeader = data
        var r = CompactReader(page.encoded())
        #expect(try PageHeader.decode(&r) == page)
    }

    @Test func fuzzedBytesNeverTrap() {
        var rng = SeededRandom(seed: 11)
        let valid = FileMetaData(
            schema: ParquetSchema([.string("s"), .int64("n")]).schemaElements(), numRows: 0, rowGroups: []
        ).encoded()
        for i in 0..<3000 {
            var bytes: [UInt8]
            if i % 2 == 0 {
                bytes = rng.bytes(Int.random(in: 0...200, using: &rng))
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            }
            _ = try? FileMetaData.decode(bytes)
            var r = CompactReader(bytes)
            _ = try? PageHeader.decode(&r)
            var g = CompactReader(bytes)
            _ = try? g.readValue(.structure)
        }
    }

    @Test func hugeDeclaredLengthsAreRejected() {
        // A list header claiming 2^40 elements in a 7-byte input.
        var r = CompactReader([0xF9, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20])
        #expect(throws: LakehouseError.self) { try r.readValue(.list) }
    }
}
