import RivuletCore
import Testing

@Suite struct CRC32CTests {
    @Test func knownVectors() {
        // RFC 3720 B.4 and the usual "123456789" check value.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test func hardwareAndTableAgreeOnRandomInputs() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let table = bytes.withUnsafeBytes { CRC32C.softwareChecksum($0) }
            #expect(CRC32C.checksum(bytes) == table)
        }
    }

    /// Inputs of three lanes and more are computed as interleaved stripes joined by tables:
    /// every length around the stripe size, any alignment, and a running CRC going in.
    @Test func stripedInputsAgreeWithTheTable() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let lengths = [3071, 3072, 3073, 3079, 3080, 6143, 6144, 6151, 9216, 12_345, 19_990]
        for length in lengths {
            for start in [0, 1, 3, 7] {
                let slice = bytes[start..<start + length]
                let previous = UInt32.random(in: 0...UInt32.max, using: &generator)
                let table = slice.withUnsafeBytes { CRC32C.softwareChecksum($0, continuing: previous) }
                #expect(CRC32C.checksum(slice, continuing: previous) == table, "length \(length) at \(start)")
            }
        }
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 3 * 1024)) == [UInt8](repeating: 0, count: 3 * 1024).withUnsafeBytes { CRC32C.softwareChecksum($0) })
    }

    @Test func continuingEqualsWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let first = CRC32C.checksum(bytes[..<333])
        let whole = CRC32C.checksum(bytes[333...], continuing: first)
        #expect(whole == CRC32C.checksum(bytes))
        let soft = bytes[333...].withUnsafeBytes { CRC32C.softwareChecksum($0, continuing: first) }
        #expect(soft == whole)
    }
}
