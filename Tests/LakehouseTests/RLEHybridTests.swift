import Testing

@testable import Lakehouse

@Suite struct RLEHybridTests {
    @Test func specBitPackingExample() throws {
        // Encodings.md: 0..7 at width 3 pack to 10001000 11000110 11111010.
        let encoded = RLEHybrid.encode([0, 1, 2, 3, 4, 5, 6, 7] as [UInt32], bitWidth: 3)
        #expect(encoded == [0x03, 0x88, 0xC6, 0xFA])
        #expect(try RLEHybrid.decode(encoded, 0..<encoded.count, bitWidth: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test func runsBecomeRLE() {
        let encoded = RLEHybrid.encode([UInt8](repeating: 1, count: 1000), bitWidth: 1)
        #expect(encoded == [0xD0, 0x0F, 0x01])  // varint(1000 << 1), value 1
    }

    @Test func randomRoundTrips() throws {
        var rng = SeededRandom(seed: 9)
        for _ in 0..<400 {
            // Every width the writer uses, up to 32 (dictionary indices), so that packed groups
            // both end on and straddle 64-bit words.
            let width = Int.random(in: 0...32, using: &rng)
            let maxValue: UInt32 = width == 0 ? 0 : UInt32((1 << width) - 1)
            var values: [UInt32] = []
            for _ in 0..<Int.random(in: 0...300, using: &rng) {
                let v = UInt32.random(in: 0...maxValue, using: &rng)
                values += Array(repeating: v, count: Bool.random(using: &rng) ? 1 : Int.random(in: 1...30, using: &rng))
            }
            let encoded = RLEHybrid.encode(values, bitWidth: width)
            #expect(try RLEHybrid.decode(encoded, 0..<encoded.count, bitWidth: width, count: values.count) == values)
        }
    }

    @Test func truncatedInputThrows() {
        let encoded = RLEHybrid.encode((0..<64).map { UInt32($0 % 5) }, bitWidth: 3)
        #expect(throws: LakehouseError.self) {
            try RLEHybrid.decode(encoded, 0..<(encoded.count - 2), bitWidth: 3, count: 64)
        }
    }
}
