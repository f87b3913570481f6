import RivuletCore
import Testing

@testable import StreamEngine

@Suite struct RecordTemplateTests {
    let iot = SchemaPresets.iot

    /// Runs of records in several layouts (spacing, key order, unknown keys, escapes, nulls, a
    /// required field missing), a sixth of them mutated (a byte changed, a cut, a space, a
    /// value nulled, bytes after the object, a key doubled): decoded with learned templates
    /// and by the general path alone, every cell, raw record and failure (kind, field, detail,
    /// position) is the same.
    @Test func templatesDecodeExactlyAsTheGeneralPath() throws {
        var rng = SplitMix64(seed: 5)
        func number() -> String {
            switch rng.next() % 6 {
            case 0: "\(Int(rng.next() % 200) - 100)"
            case 1: "-\(rng.next() % 90).\(rng.next() % 100)e\(rng.next() % 3)"
            default: "\(rng.next() % 900).\(rng.next() % 10)"
            }
        }
        let layouts: [() -> String] = [
            { #"{"device_id":"device-\#(rng.next() % 50)","ts":\#(1_730_000_000_000 + rng.next() % 99_999),"temperature":\#(number()),"humidity":\#(number()),"battery":\#(number()),"status":"ok","location":"lab"}"# },
            { #"{ "device_id": "d\#(rng.next() % 9)", "ts": \#(rng.next() % 10_000), "temperature": \#(number()), "humidity": \#(number()), "battery": \#(number()), "status": \#(rng.next() % 3 == 0 ? "null" : "\"warn\"") }  "# },
            { #"{"ts":\#(rng.next() % 999),"extra":{"a":[1,{"b":"\#(rng.next() % 7)"}]},"device_id":"x","humidity":\#(number()),"temperature":\#(number()),"battery":\#(number()),"tags":[true,null]}"# },
            { #"{"device_id":"esc\u0041\"\#(rng.next() % 4)\\","ts":\#(rng.next() % 100),"temperature":\#(number()),"humidity":\#(number()),"battery":\#(number()),"location":"\u00e9\#(rng.next() % 3)"}"# },
            { #"{"device_id":"nobattery","ts":\#(rng.next() % 100),"temperature":\#(number()),"humidity":\#(number())}"# },
            { #"{"device_id":"d","ts":1,"temperature":\#(number()),"humidity":2,"battery":3,"status":"s","status":"\#(rng.next() % 5)"}"# },
        ]
        var lines: [String] = []
        while lines.count < 12_000 {
            let layout = layouts[Int(rng.next() % UInt64(layouts.count))]
            for _ in 0..<(1 + rng.next() % 60) {
                var bytes = Array(layout().utf8)
                if rng.next() % 6 == 0 { mutate(&bytes, &rng) }
                lines.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        let projection: Set<String> = ["device_id", "ts", "humidity", "battery", "status"]
        let learned = JSONBatchDecoder(schema: iot)
        let general = JSONBatchDecoder(schema: iot, usesTemplates: false)
        var offset = 0
        var rows = 0
        for chunk in stride(from: 0, to: lines.count, by: 700).map({ Array(lines[$0..<min($0 + 700, lines.count)]) }) {
            let text = Array(chunk.joined(separator: "\n").utf8)
            var a = ColumnBatch(schema: iot, projection: projection)
            var b = ColumnBatch(schema: iot, projection: projection)
            learned.decode(lines: text, firstOffset: Int64(offset), into: &a)
            general.decode(lines: text, firstOffset: Int64(offset), into: &b)
            try #require(a.count == b.count)
            #expect(a.offsets == b.offsets)
            #expect(a.failures == b.failures)
            for field in 0..<iot.fields.count {
                for row in 0..<a.count where a.value(field: field, row: row) != b.value(field: field, row: row) {
                    Issue.record("offset \(a.offsets[row]) field \(iot.fields[field].name): \(a.value(field: field, row: row)) != \(b.value(field: field, row: row))")
                }
            }
            for row in 0..<a.count { #expect(a.rawRecord(row: row) == b.rawRecord(row: row)) }
            offset += chunk.count
            rows += a.count
        }
        #expect(rows > 6_000 && rows < 11_000)
        #expect(learned.templateReads > rows / 2 && general.templateReads == 0, "\(learned.templateReads) of \(rows)")
    }

    private func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        guard !bytes.isEmpty else { return }
        let at = Int(rng.next() % UInt64(bytes.count))
        let alphabet = Array(#"",:{}[]0-9.e \n"#.utf8) + [0x00, 0x1F, 0xC3, 0x61]
        switch rng.next() % 6 {
        case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
        case 1: bytes.removeSubrange(at...)
        case 2: bytes.insert(0x20, at: at)
        case 3:
            if let colon = bytes[at...].firstIndex(of: UInt8(ascii: ":")) {
                let end = bytes[(colon + 1)...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? bytes.count
                bytes.replaceSubrange((colon + 1)..<end, with: Array("null".utf8))
            }
        case 4: bytes += Array(rng.next() % 2 == 0 ? "}".utf8 : " x".utf8)
        default: bytes.insert(contentsOf: Array(#""ts":7,"#.utf8), at: 1)
        }
    }
}
