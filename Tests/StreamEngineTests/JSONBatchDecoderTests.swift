import RivuletCore
import Testing
@testable import StreamEngine

@Suite struct JSONBatchDecoderTests {
    let iot = SchemaPresets.iot
    let sample = #"{"device_id":"device-3fa2c1d0","ts":1730638574123,"temperature":24.7,"humidity":55.3,"battery":82.5,"status":"ok","location":"lab"}"#

    @Test func decodesTheSeedEvent() throws {
        let batch = JSONBatchDecoder(schema: iot).decodeAll([sample], schema: iot)
        #expect(batch.failures.isEmpty)
        #expect(batch.count == 1)
        #expect(batch.value(field: 0, row: 0) == .string("device-3fa2c1d0"))
        #expect(batch.value(field: 1, row: 0) == .timestamp(Timestamp(milliseconds: 1_730_638_574_123)))
        #expect(batch.value(field: 2, row: 0) == .double(24.7))
        #expect(batch.value(field: 3, row: 0) == .double(55.3))
        #expect(batch.value(field: 4, row: 0) == .double(82.5))
        #expect(batch.value(field: 5, row: 0) == .string("ok"))
        #expect(batch.value(field: 6, row: 0) == .string("lab"))
        #expect(batch.rawRecord(row: 0) == Array(sample.utf8))
    }

    @Test func stringsAreDictionaryEncodedPerBatch() throws {
        let records = (0..<10).map { i in
            #"{"device_id":"d\#(i % 3)","ts":1,"temperature":1,"humidity":2,"battery":3}"#
        }
        let batch = JSONBatchDecoder(schema: iot).decodeAll(records, schema: iot)
        let column = try #require(batch.stringColumn(0))
        #expect(column.dictionaryCount == 3)
        #expect(column.codes == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        #expect(batch.value(field: 5, row: 0) == .null)
    }

    /// Rows are staged and moved into the columns once per call: two large NDJSON calls into
    /// one batch (nulls after long valid runs, missing fields, bad lines, a field left out by
    /// the projection) must hold exactly what decoding record by record gives.
    @Test func stagedChunksEqualRecordByRecord() throws {
        var rng = SystemRandomNumberGenerator()
        var lines: [String] = []
        for i in 0..<5000 {
            let device = "d\(Int.random(in: 0..<40, using: &rng))"
            let humidity = "\(i % 100).5"
            let status = i % 7 == 0 ? "" : i > 2000 && i % 97 == 0 ? #","status":null"# : #","status":"s\#(i % 3)""#
            let battery = i % 11 == 0 ? "" : #","battery":\#(i % 90)"#
            lines.append(#"{"device_id":"\#(device)","ts":\#(1000 + i),"temperature":\#(i).25,"humidity":\#(humidity)\#(battery)\#(status)}"#)
            if i == 3333 { lines.append("not json") }
        }
        let projection: Set<String> = ["device_id", "ts", "humidity", "battery", "status"]
        let decoder = JSONBatchDecoder(schema: iot)
        var staged = ColumnBatch(schema: iot, projection: projection)
        let half = lines.count / 2
        decoder.decode(lines: Array((lines[..<half].joined(separator: "\n") + "\n").utf8), firstOffset: 0, into: &staged)
        decoder.decode(lines: Array(lines[half...].joined(separator: "\n").utf8), firstOffset: Int64(half), into: &staged)
        let reference = JSONBatchDecoder(schema: iot).decodeAll(lines, schema: iot, projection: projection)
        #expect(staged.count == reference.count && staged.count > 4000)
        #expect(staged.failures.map(\.offset) == reference.failures.map(\.offset))
        #expect(staged.failures.map(\.offset).contains(3334))  // the line that is not JSON
        #expect(staged.offsets == reference.offsets)
        for field in 0..<iot.fields.count {
            let a = (0..<staged.count).map { staged.value(field: field, row: $0) }
            let b = (0..<reference.count).map { reference.value(field: field, row: $0) }
            #expect(a == b, "field \(iot.fields[field].name)")
        }
        #expect(try #require(staged.stringColumn(0)).dictionaryCount <= 40)
        let statusNulls = try #require(staged.stringColumn(5)).validity.nullCount
        #expect(statusNulls > 500 && statusNulls == reference.stringColumn(5)?.validity.nullCount)
    }

    /// Keys are first compared in place against the field expected next; near misses must fall
    /// through to the full scan (escaped spelling) or count as unknown (longer or shorter name).
    @Test func keysCloseToTheExpectedFieldName() throws {
        let record = #"{"device_idx":"wrong","device_i":"wrong","device\u005fid":"right","ts":1,"ts2":9,"temperature":1,"humidity":2,"battery":3}"#
        let batch = JSONBatchDecoder(schema: iot).decodeAll([record], schema: iot)
        #expect(batch.failures.isEmpty, "\(batch.failures)")
        #expect(batch.value(field: 0, row: 0) == .string("right"))
        #expect(batch.value(field: 1, row: 0) == .timestamp(Timestamp(milliseconds: 1)))
    }

    @Test func keysInAnyOrderWhitespaceUnknownAndNestedValues() throws {
        let record = """
             { "battery" : 1e2 , "extra": {"a":[1,2,{"b":null}],"c":"x\\"y"}, "humidity":-0.5E-1,
            \t"temperature":\r\n-12, "ts": 5, "device_id" : "d", "tags": [true,false,null] }\t
            """
        let batch = JSONBatchDecoder(schema: iot).decodeAll([record], schema: iot)
        #expect(batch.failures.isEmpty, "\(batch.failures)")
        #expect(batch.value(field: 4, row: 0) == .double(100))
        #expect(batch.value(field: 3, row: 0) == .double(-0.05))
        #expect(batch.value(field: 2, row: 0) == .double(-12))
    }

    @Test func escapesAndUnicode() throws {
        let schema = Schema([Field("s", .string)])
        let records = [
            #"{"s":"a\"b\\c\/d\b\f\n\r\t"}"#,
            #"{"s":"\u00e9\u4e2d\ud83d\ude00"}"#,
            #"{"s":"lone \ud800 x"}"#,
            #"{"s":"héllo 😀"}"#,
            #"{"\u0073":"escaped key"}"#,
        ]
        let batch = JSONBatchDecoder(schema: schema).decodeAll(records, schema: schema)
        #expect(batch.failures.isEmpty, "\(batch.failures)")
        #expect(batch.value(field: 0, row: 0) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(batch.value(field: 0, row: 1) == .string("é中😀"))
        #expect(batch.value(field: 0, row: 2) == .string("lone \u{FFFD} x"))
        #expect(batch.value(field: 0, row: 3) == .string("héllo 😀"))
        #expect(batch.value(field: 0, row: 4) == .string("escaped key"))
    }

    @Test func numbers() throws {
        let schema = Schema([Field("d", .double), Field("i", .int64, required: false)])
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", 0), ("1.5", 1.5), ("-1.25e3", -1250), ("1E-3", 0.001), ("123456789012345678901234", 1.2345678901234568e23),
            ("0.1", 0.1), ("3.141592653589793", 3.141592653589793), ("1e308", 1e308), ("2.2250738585072014e-308", 2.2250738585072014e-308),
            ("9007199254740993", 9007199254740992), ("0.30000000000000004", 0.30000000000000004),
        ]
        let records = cases.map { #"{"d":\#($0.0)}"# }
        let batch = JSONBatchDecoder(schema: schema).decodeAll(records, schema: schema)
        #expect(batch.failures.isEmpty, "\(batch.failures)")
        for (row, c) in cases.enumerated() {
            #expect(batch.value(field: 0, row: row) == .double(c.1), "\(c.0)")
        }
        let ints = JSONBatchDecoder(schema: schema).decodeAll(
            [#"{"d":1,"i":-9223372036854775808}"#, #"{"d":1,"i":9223372036854775807}"#], schema: schema)
        #expect(ints.value(field: 1, row: 0) == .int64(.min))
        #expect(ints.value(field: 1, row: 1) == .int64(.max))
    }

    @Test func duplicateKeysLastWins() throws {
        let schema = Schema([Field("a", .double), Field("b", .string, required: false)])
        let batch = JSONBatchDecoder(schema: schema).decodeAll([#"{"a":1,"b":"x","a":2,"b":null}"#], schema: schema)
        #expect(batch.value(field: 0, row: 0) == .double(2))
        #expect(batch.value(field: 1, row: 0) == .null)
    }

    @Test func errorsNameTheFieldAndKeepTheOffset() throws {
        let records = [
            "not json",
            #"{"device_id":"d","ts":1,"temperature":"hot","humidity":1,"battery":1}"#,
            #"{"device_id":"d","ts":1,"temperature":1,"humidity":1}"#,
            #"{"device_id":"d","ts":1,"temperature":1,"humidity":1,"battery":1} x"#,
            #"{"device_id":"d","ts":1.5e400,"temperature":1,"humidity":1,"battery":1}"#,
            #"{"device_id":"d","ts":1,"temperature":1,"humidity":1,"battery":1"#,
            "[1,2]",
            "",
            #"{"device_id":7,"ts":1,"temperature":1,"humidity":1,"battery":1}"#,
            sample,
            #"{"device_id":"d","ts":1,"temperature":1,"humidity":1,"battery":01}"#,
        ]
        let batch = JSONBatchDecoder(schema: iot).decodeAll(records, schema: iot, firstOffset: 100)
        #expect(batch.count == 1)
        #expect(batch.offsets == [109])
        let f = batch.failures
        try #require(f.count == 10)
        #expect(f.map(\.offset) == [100, 101, 102, 103, 104, 105, 106, 107, 108, 110])
        #expect(f[0].kind == .notJSON)
        #expect(f[1].kind == .wrongType && f[1].field == "temperature")
        #expect(f[2].kind == .missingRequiredField && f[2].field == "battery")
        #expect(f[3].kind == .notJSON)
        #expect(f[4].kind == .invalidValue && f[4].field == "ts")
        #expect(f[5].kind == .notJSON)
        #expect(f[6].kind == .notJSON)
        #expect(f[7].kind == .notJSON)
        #expect(f[8].kind == .wrongType && f[8].field == "device_id")
        #expect(f[9].kind == .notJSON)
        #expect(f[1].record == Array(records[1].utf8))
    }

    @Test func eventTimeUnits() throws {
        func decode(_ unit: TimeUnit, _ value: String) -> Value {
            let schema = Schema([Field("t", .timestamp(unit))])
            let batch = JSONBatchDecoder(schema: schema).decodeAll([#"{"t":\#(value)}"#], schema: schema)
            return batch.count == 1 ? batch.value(field: 0, row: 0) : .null
        }
        #expect(decode(.milliseconds, "1730638574123") == .timestamp(Timestamp(milliseconds: 1_730_638_574_123)))
        #expect(decode(.seconds, "1730638574") == .timestamp(Timestamp(milliseconds: 1_730_638_574_000)))
        #expect(decode(.seconds, "1730638574.123") == .timestamp(Timestamp(milliseconds: 1_730_638_574_123)))
        #expect(decode(.microseconds, "1730638574123456") == .timestamp(Timestamp(milliseconds: 1_730_638_574_123)))
        #expect(decode(.microseconds, "-1500") == .timestamp(Timestamp(milliseconds: -2)))
        #expect(decode(.iso8601, #""2024-11-03T14:30:00Z""#) == .timestamp(Timestamp(milliseconds: 1_730_644_200_000)))
        #expect(decode(.iso8601, #""2024-11-03T21:30:00.250+07:00""#) == .timestamp(Timestamp(milliseconds: 1_730_644_200_250)))
        #expect(decode(.iso8601, #""2024-11-03 14:30:00""#) == .timestamp(Timestamp(milliseconds: 1_730_644_200_000)))
        #expect(decode(.iso8601, #""2024-02-30T00:00:00Z""#) == .null)
        #expect(decode(.iso8601, "1730638574") == .null)
    }

    @Test func iso8601FormatRoundTrips() {
        #expect(ISO8601Text.format(milliseconds: 1_730_644_200_000) == "2024-11-03T14:30:00Z")
        #expect(ISO8601Text.format(milliseconds: 1_730_644_200_250) == "2024-11-03T14:30:00.250Z")
        #expect(ISO8601Text.format(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let ms = Int64.random(in: -50_000_000_000_000...50_000_000_000_000, using: &rng)
            #expect(ISO8601Text.parse(ISO8601Text.format(milliseconds: ms)) == ms)
        }
    }

    @Test func ndjsonLinesGetConsecutiveOffsets() throws {
        let text = sample + "\n\n" + "garbage\n" + sample + "\r\n"
        var batch = ColumnBatch(schema: iot, projection: ["device_id", "ts"])
        JSONBatchDecoder(schema: iot).decode(lines: Array(text.utf8), firstOffset: 10, into: &batch)
        #expect(batch.count == 2)
        #expect(batch.offsets == [10, 13])
        #expect(batch.failures.map(\.offset) == [12])
        #expect(batch.nextOffset == 14)
        #expect(!batch.isProjected(2))
        #expect(batch.value(field: 2, row: 0) == .null)
    }

    @Test func fuzzRandomAndMutatedBytesNeverTrap() {
        var rng = SplitMix64(seed: 42)
        let decoder = JSONBatchDecoder(schema: iot)
        var batch = ColumnBatch(schema: iot)
        let seedBytes = Array(sample.utf8)
        let alphabet = Array(#"{}[]":,\.-+eE0123456789tfnrulasx u"#.utf8) + [0, 0xFF, 0xC3, 0x0A]
        var decoded = 0
        for i in 0..<20_000 {
            var bytes: [UInt8]
            switch i % 4 {
            case 0:
                bytes = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:
                bytes = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            case 2:
                bytes = seedBytes
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[at] = alphabet.randomElement(using: &rng)!
                }
            default:
                bytes = Array(seedBytes.prefix(Int.random(in: 0...seedBytes.count, using: &rng)))
                if Bool.random(using: &rng) { bytes += Array(repeating: UInt8(ascii: "["), count: 200) }
            }
            let before = batch.count + batch.failures.count
            decoder.decode(record: bytes, offset: Int64(i), into: &batch)
            #expect(batch.count + batch.failures.count == before + 1)
            decoded = batch.count
        }
        #expect(decoded > 0)
        #expect(batch.failures.allSatisfy { !$0.detail.isEmpty })
    }
}
