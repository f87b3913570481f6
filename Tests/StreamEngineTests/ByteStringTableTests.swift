import Testing

@testable import StreamEngine

@Suite struct ByteStringTableTests {
    @Test func byteComparisonAgreesWithBytesAtEveryLengthAndDifference() {
        var rng = SplitMix64(seed: 9)
        for n in 0...40 {
            let a = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) } + [0]
            #expect(a.withUnsafeBytes { x in a.withUnsafeBytes { y in memcmpBytes(x.baseAddress!, y.baseAddress!, n) } })
            for i in 0..<n {
                var b = a
                b[i] ^= UInt8(1 << (rng.next() % 8))
                #expect(!a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmpBytes(x.baseAddress!, y.baseAddress!, n) } }, "n \(n) at \(i)")
            }
        }
    }

    /// The Deduplicator checkpoints these hashes: whatever way the tail bytes are loaded, a
    /// string hashes as the byte-by-byte definition below says, at every length and offset.
    @Test func hashIsTheByteByByteDefinition() {
        func reference(_ bytes: ArraySlice<UInt8>) -> UInt64 {
            let b = Array(bytes)
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
            var i = 0
            while i + 8 <= b.count {
                var w: UInt64 = 0
                for k in 0..<8 { w |= UInt64(b[i + k]) << UInt64(8 * k) }
                h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 29
                i += 8
            }
            if i < b.count {
                var w: UInt64 = 0
                for k in i..<b.count { w |= UInt64(b[k]) << UInt64(8 * (k - i)) }
                h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            }
            h ^= h >> 31
            h = h &* 0xD6E8_FEB8_6659_FD93
            return h ^ (h >> 32)
        }
        var rng = SplitMix64(seed: 10)
        let buffer = (0..<64).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for start in 0..<8 {
            for n in 0...40 {
                let hash = buffer.withUnsafeBytes { ByteStringTable.hash($0.baseAddress! + start, n) }
                #expect(hash == reference(buffer[start..<(start + n)]), "start \(start) n \(n)")
            }
        }
        #expect(Array("device-3fa2c1d0".utf8).withUnsafeBytes { ByteStringTable.hash($0.baseAddress!, $0.count) } == reference(ArraySlice("device-3fa2c1d0".utf8)))
    }
}
