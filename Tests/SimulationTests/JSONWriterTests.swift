import Foundation
import RivuletCore
import Testing
@testable import Simulation

@Suite struct JSONWriterTests {
    @Test func escapesStringsAndParsesBack() throws {
        let nasty = "quote \" backslash \\ newline \n tab \t bell \u{07} unicode é 🚗 slash /"
        var writer = JSONWriter()
        writer.field("text", nasty)
        writer.field("n", Int64(-42))
        let bytes = writer.finish()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["text"] as? String == nasty)
        #expect(object["n"] as? Int == -42)
        #expect(try TestJSON.parse(bytes)["text"]?.stringValue == nasty)
    }

    @Test func fixedDecimals() {
        func text(_ value: Double, _ decimals: Int) -> String {
            var writer = JSONWriter()
            writer.field("v", value, decimals: decimals)
            return String(decoding: writer.finish(), as: UTF8.self)
        }
        #expect(text(24.7, 1) == #"{"v":24.7}"#)
        #expect(text(24.66, 1) == #"{"v":24.7}"#)
        #expect(text(-3.04, 1) == #"{"v":-3.0}"#)
        #expect(text(-0.01, 1) == #"{"v":0.0}"#)
        #expect(text(100, 1) == #"{"v":100.0}"#)
        #expect(text(14.5864, 6) == #"{"v":14.586400}"#)
        #expect(text(612.0, 0) == #"{"v":612}"#)
        #expect(text(.nan, 1) == #"{"v":null}"#)
        #expect(text(.infinity, 2) == #"{"v":null}"#)
    }

    @Test func fieldOrderIsWriteOrder() {
        var writer = JSONWriter()
        writer.field("b", Int64(1))
        writer.field("a", true)
        writer.field("c", "x")
        #expect(String(decoding: writer.finish(), as: UTF8.self) == #"{"b":1,"a":true,"c":"x"}"#)
    }

    @Test func iso8601MatchesFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SimulationRandom(seed: 1)
        for ms in [Int64(0), 951_782_400_000, 1_730_638_574_123, 4_102_444_799_999] + (0..<200).map({ _ in
            Int64(random.int(below: 4_000_000_000_000))
        }) {
            var writer = JSONWriter()
            writer.field("t", iso8601: Timestamp(milliseconds: ms))
            let text = try #require(try TestJSON.parse(writer.finish())["t"]?.stringValue)
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            #expect(text == expected, "\(ms)")
        }
    }

    @Test func uuidLayout() throws {
        var writer = JSONWriter()
        writer.field("id", uuidHigh: 0xFFFF_FFFF_FFFF_FFFF, low: 0)
        let text = try #require(try TestJSON.parse(writer.finish())["id"]?.stringValue)
        #expect(text == "ffffffff-ffff-4fff-8000-000000000000")
        #expect(UUID(uuidString: text) != nil)
    }
}
