import RivuletCore
import Testing

@Suite struct VarintTests {
    @Test(arguments: [Int64(0), 1, -1, 63, -64, 64, 300, -300, Int64(Int32.max), Int64(Int32.min), .max, .min])
    func signedRoundTrip(value: Int64) throws {
        var out: [UInt8] = []
        Varint.encodeSigned(value, into: &out)
        #expect(out.count == Varint.signedSize(value))
        let decoded = try #require(out.withUnsafeBytes { Varint.decodeSigned($0) })
        #expect(decoded.value == value)
        #expect(decoded.length == out.count)
    }

    @Test func zigZagMatchesKafka() {
        #expect(Varint.zigZag(0) == 0)
        #expect(Varint.zigZag(-1) == 1)
        #expect(Varint.zigZag(1) == 2)
        #expect(Varint.zigZag(-2) == 3)
        var out: [UInt8] = []
        Varint.encodeUnsigned(300, into: &out)
        #expect(out == [0xAC, 0x02])
    }

    @Test func truncatedAndOverlongInputsAreRejected() {
        let truncated: [UInt8] = [0x80, 0x80]
        #expect(truncated.withUnsafeBytes { Varint.decodeUnsigned($0) } == nil)
        let overlong = [UInt8](repeating: 0xFF, count: 11)
        #expect(overlong.withUnsafeBytes { Varint.decodeUnsigned($0) } == nil)
        let tooLongFor32: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x01]
        #expect(tooLongFor32.withUnsafeBytes { Varint.decodeUnsigned($0, maxLength: Varint.maxLength32) } == nil)
    }

    @Test func randomRoundTrips() {
        for _ in 0..<10_000 {
            let value = Int64.random(in: .min ... .max) >> Int64.random(in: 0...63)
            var out: [UInt8] = []
            Varint.encodeSigned(value, into: &out)
            #expect(out.withUnsafeBytes { Varint.decodeSigned($0) }?.value == value)
        }
    }
}
