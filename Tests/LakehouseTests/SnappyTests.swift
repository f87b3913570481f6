import Testing

@testable import Lakehouse

@Suite struct SnappyTests {
    @Test func specVectors() throws {
        // format_description.txt: lengths 64 and 2097150 as varints.
        #expect(try Snappy.uncompressedLength([0x40]) == 64)
        #expect(try Snappy.uncompressedLength([0xFE, 0xFF, 0x7F]) == 2_097_150)
        // "xababab" = literal "xab" + copy(offset 2, length 4) with a 1-byte offset.
        let stream: [UInt8] = [0x07, 0x08, 0x78, 0x61, 0x62, 0x01, 0x02]
        #expect(try Snappy.decompress(stream) == Array("xababab".utf8))
        // The same with a 2-byte-offset copy and a 4-byte-offset copy.
        #expect(try Snappy.decompress([0x07, 0x08, 0x78, 0x61, 0x62, 0x0E, 0x02, 0x00]) == Array("xababab".utf8))
        #expect(try Snappy.decompress([0x07, 0x08, 0x78, 0x61, 0x62, 0x0F, 0x02, 0, 0, 0]) == Array("xababab".utf8))
        #expect(Snappy.compress([]) == [0x00])
        #expect(Snappy.compress(Array("hello".utf8)) == [0x05, 0x10] + Array("hello".utf8))
    }

    @Test func roundTripsAndCompresses() throws {
        var rng = SeededRandom(seed: 3)
        let words = ["device-", "temperature", "ok", "warn", "lab", "floor-1", "\u{00e9}t\u{00e9}"]
        for size in [0, 1, 4, 15, 16, 100, 4096, 65535, 65536, 65537, 300_000] {
            var text: [UInt8] = []
            while text.count < size { text += Array(words.randomElement(using: &rng)!.utf8) }
            text = Array(text.prefix(size))
            let compressed = Snappy.compress(text)
            #expect(try Snappy.decompress(compressed) == text)
            if size > 1000 { #expect(compressed.count < text.count / 2) }
            let noise = rng.bytes(size)
            #expect(try Snappy.decompress(Snappy.compress(noise)) == noise)
        }
        let runs = [UInt8](repeating: 7, count: 100_000)
        #expect(try Snappy.decompress(Snappy.compress(runs)) == runs)
    }

    @Test func fuzzedStreamsNeverTrap() {
        var rng = SeededRandom(seed: 5)
        let valid = Snappy.compress(Array(String(repeating: "abcdefgh-lake-", count: 50).utf8))
        for i in 0..<5000 {
            var bytes = i % 2 == 0 ? rng.bytes(Int.random(in: 0...64, using: &rng)) : valid
            if i % 2 == 1 {
                for _ in 0..<3 {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            _ = try? Snappy.decompress(bytes)
        }
    }

    @Test func forgedLengthIsCapped() {
        // Declares 4 GiB - 1 from 6 bytes.
        #expect(throws: LakehouseError.self) { try Snappy.decompress([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]) }
    }
}
