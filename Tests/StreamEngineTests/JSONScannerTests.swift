import Testing

@testable import StreamEngine

@Suite struct JSONScannerTests {
    /// Random JSON numbers (long and short integer parts, fractions, exponents, more digits
    /// than a UInt64 holds), alone and followed by other bytes: the same double as Swift's
    /// own parser, bit for bit, and the cursor just past the number.
    @Test func numbersParseAsSwiftDoes() throws {
        var rng = SplitMix64(seed: 4)
        func digits(_ n: Int, leadingZero: Bool) -> String {
            String((0..<n).map { i in Character(String(i == 0 && !leadingZero ? 1 + rng.next() % 9 : rng.next() % 10)) })
        }
        for _ in 0..<20_000 {
            var text = rng.next() % 4 == 0 ? "-" : ""
            text += rng.next() % 8 == 0 ? "0" : digits(1 + Int(rng.next() % (rng.next() % 3 == 0 ? 25 : 9)), leadingZero: false)
            if rng.next() % 2 == 0 { text += "." + digits(1 + Int(rng.next() % (rng.next() % 3 == 0 ? 25 : 9)), leadingZero: true) }
            if rng.next() % 6 == 0 { text += (rng.next() % 2 == 0 ? "e" : "E-") + String(rng.next() % 40) }
            let suffix = ["", "}", ",\"a\":12345678}", " ", "]"][Int(rng.next() % 5)]
            let bytes = Array((text + suffix).utf8)
            let parsed: JSONScanner.Number = try bytes.withUnsafeBufferPointer { b in
                var scanner = JSONScanner(base: b.baseAddress!, start: 0, end: b.count)
                let n = try scanner.scanNumber()
                #expect(scanner.pos == text.utf8.count, "\(text)\(suffix)")
                return n
            }
            let expected = try #require(Double(text))
            #expect(parsed.double.bitPattern == expected.bitPattern, "\(text): \(parsed.double) != \(expected)")
            if let exact = Int64(text) { #expect(parsed.isInteger && parsed.int == exact, "\(text)") }
        }
    }
}
