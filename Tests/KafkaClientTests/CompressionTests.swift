import Foundation
import KafkaProtocol
import Testing
import TestSupport
@testable import KafkaClient

@Suite struct CompressionTests {
    static let sample: [UInt8] = Array(String(repeating: "hello kafka record batch ", count: 20).utf8) + Array(0...255)

    static func inputs() -> [[UInt8]] {
        var generator = SeededGenerator(seed: 42)
        var inputs: [[UInt8]] = [[], [1], Array("abc".utf8), sample, [UInt8](repeating: 7, count: 200_000)]
        for size in [5, 13, 100, 4096, 70_000, 300_000] {
            inputs.append((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
            // Text-like: few symbols, many repeats.
            inputs.append((0..<size).map { _ in UInt8.random(in: 97...100, using: &generator) })
        }
        return inputs
    }

    @Test func snappyRawRoundTrips() throws {
        for input in Self.inputs() {
            let compressed = Snappy.compressRaw(input)
            #expect(try Snappy.decompressRaw(compressed, maxOutputBytes: 1 << 24) == input)
        }
    }

    @Test func snappyXerialRoundTripsAndStartsWithTheMagic() throws {
        for input in Self.inputs() {
            let compressed = Snappy.compressXerial(input)
            #expect(Array(compressed.prefix(8)) == Snappy.xerialMagic)
            #expect(try Snappy.decompress(compressed, maxOutputBytes: 1 << 24) == input)
        }
    }

    @Test func lz4FrameRoundTrips() throws {
        for input in Self.inputs() {
            #expect(try LZ4Frame.decompress(LZ4Frame.compress(input), maxOutputBytes: 1 << 24) == input)
        }
    }

    /// A match longer than its offset repeats the bytes it is still writing (decoded in
    /// doubling chunks); a match reaching into an earlier block of the same output works too.
    @Test func lz4OverlappingMatchesAndPeriodicInput() throws {
        let block: [UInt8] = [0x23, 0x61, 0x62, 0x02, 0x00, 0x10, 0x63]  // "ab", then 7 bytes at offset 2, then "c"
        var out = Array("xy".utf8)
        try block.withUnsafeBufferPointer { try LZ4Block.decompress($0, into: &out, maxOutputBytes: 1 << 10) }
        #expect(String(decoding: out, as: UTF8.self) == "xyababababac")
        let intoEarlier: [UInt8] = [0x05, 0x02, 0x00, 0x10, 0x7A]  // no literals, 9 bytes from "xy", then "z"
        var joined = Array("xy".utf8)
        try intoEarlier.withUnsafeBufferPointer { try LZ4Block.decompress($0, into: &joined, maxOutputBytes: 1 << 10) }
        #expect(String(decoding: joined, as: UTF8.self) == "xyxyxyxyxyxz")
        for period in [2, 3, 5, 7, 15, 17] {
            let input = (0..<50_000).map { UInt8(97 + $0 % period) }
            #expect(try LZ4Frame.decompress(LZ4Frame.compress(input), maxOutputBytes: 1 << 20) == input)
        }
    }

    @Test func repetitiveDataShrinks() {
        #expect(Snappy.compressRaw(Self.sample).count < Self.sample.count / 2)
        #expect(LZ4Frame.compress(Self.sample).count < Self.sample.count / 2)
    }

    /// Produced by Python: `cramjam.snappy.compress_raw(sample)`.
    @Test func decodesPythonSnappyRaw() throws {
        let raw = try #require(Data(base64Encoded: "9AVgaGVsbG8ga2Fma2EgcmVjb3JkIGJhdGNoIP4ZAP4ZAP4ZAP4ZAP4ZAP4ZAP4ZAGoZAPD/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w=="))
        #expect(try Snappy.decompress(Array(raw), maxOutputBytes: 1 << 20) == Self.sample)
    }

    /// Produced by Python's `lz4.frame.compress(sample)` (independent blocks, no checksum) and
    /// with `content_checksum=True, block_linked=True, store_size=True`.
    @Test(arguments: [
        "BCJNGGhA9AIAAAAAAADoIQEAAP8KaGVsbG8ga2Fma2EgcmVjb3JkIGJhdGNoIBkA/8nw8QABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2BhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp+goaKjpKWmp6ipqqusra6vsLGys7S1tre4ubq7vL2+v8DBwsPExcbHyMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9/v8AAAAA",
        "BCJNGGxA9AIAAAAAAABCIQEAAP8KaGVsbG8ga2Fma2EgcmVjb3JkIGJhdGNoIBkA/8nw8QABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2BhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp+goaKjpKWmp6ipqqusra6vsLGys7S1tre4ubq7vL2+v8DBwsPExcbHyMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9/v8AAAAAQ7jy5g==",
    ])
    func decodesPythonLZ4Frames(_ base64: String) throws {
        let frame = try #require(Data(base64Encoded: base64))
        #expect(try LZ4Frame.decompress(Array(frame), maxOutputBytes: 1 << 20) == Self.sample)
    }

    @Test func lz4DetectsAContentChecksumMismatch() throws {
        var frame = Array(try #require(Data(base64Encoded: "BCJNGGxA9AIAAAAAAABCIQEAAP8KaGVsbG8ga2Fma2EgcmVjb3JkIGJhdGNoIBkA/8nw8QABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2BhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp+goaKjpKWmp6ipqqusra6vsLGys7S1tre4ubq7vL2+v8DBwsPExcbHyMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9/v8AAAAAQ7jy5g==")))
        frame[frame.count - 1] ^= 0xFF
        #expect(throws: KafkaClientError.self) { try LZ4Frame.decompress(frame, maxOutputBytes: 1 << 20) }
    }

    @Test func outputCapIsEnforcedBeforeAllocating() {
        let big = [UInt8](repeating: 1, count: 100_000)
        #expect(throws: KafkaClientError.self) { try Snappy.decompress(Snappy.compressXerial(big), maxOutputBytes: 1000) }
        #expect(throws: KafkaClientError.self) { try LZ4Frame.decompress(LZ4Frame.compress(big), maxOutputBytes: 1000) }
    }

    /// Random bytes and corrupted compressed data must throw or decode, never trap.
    @Test func fuzzedInputNeverTraps() {
        var generator = SeededGenerator(seed: 2024)
        let seeds = Self.inputs().filter { !$0.isEmpty }.prefix(8)
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 3 == 0 {
                bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                let source = seeds[seeds.startIndex + round % seeds.count]
                bytes = round % 2 == 0 ? Snappy.compressXerial(source) : LZ4Frame.compress(source)
                for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                if round % 5 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            }
            _ = try? Snappy.decompress(bytes, maxOutputBytes: 1 << 20)
            _ = try? Snappy.decompressRaw(bytes, maxOutputBytes: 1 << 20)
            _ = try? LZ4Frame.decompress(bytes, maxOutputBytes: 1 << 20)
        }
    }

    @Test func gzipRoundTripsAndIsReadableByZlib() throws {
        var generator = SeededGenerator(seed: 11)
        for size in [0, 1, 100, 70_000] {
            let payload = (0..<size).map { _ in UInt8.random(in: 0...3, using: &generator) }
            let compressed = try RecordCompression.compress(payload, codec: .gzip)
            #expect(compressed.prefix(2) == [0x1F, 0x8B])  // a gzip member, as Kafka's Java client writes
            #expect(try RecordCompression.decompress(compressed, codec: .gzip) == payload)
        }
        // Inflating past the cap is refused rather than allocated.
        let bomb = try RecordCompression.compress([UInt8](repeating: 0, count: 1 << 20), codec: .gzip)
        #expect(throws: KafkaClientError.self) { try RecordCompression.decompress(bomb, codec: .gzip, maxOutputBytes: 1024) }
        #expect(throws: KafkaClientError.self) { try RecordCompression.decompress([0x1F, 0x8B, 1, 2, 3], codec: .gzip) }
    }

    @Test func zstdRoundTripsAsOneFrameWithKafkasMagic() throws {
        for input in Self.inputs() {
            let compressed = try RecordCompression.compress(input, codec: .zstd)
            #expect(compressed.prefix(4) == [0x28, 0xB5, 0x2F, 0xFD])
            #expect(try RecordCompression.decompress(compressed, codec: .zstd) == input)
        }
        #expect(try RecordCompression.compress(Self.sample, codec: .zstd).count < Self.sample.count / 2)
    }

    /// `zstd -19` reading stdin: no content size in the header (as librdkafka streams), a checksum.
    @Test func zstdDecodesAFrameWithoutContentSizeAndConcatenatedFrames() throws {
        let frame = Array(try #require(Data(base64Encoded: "KLUv/QRoDQkAlBFoZWxsbyBrYWZrYSByZWNvcmQgYmF0Y2ggAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/wEAYbM6x/73TJ8=")))
        #expect(try RecordCompression.decompress(frame, codec: .zstd) == Self.sample)
        let second = try RecordCompression.compress([1, 2, 3], codec: .zstd)
        #expect(try RecordCompression.decompress(frame + second, codec: .zstd) == Self.sample + [1, 2, 3])
        var corrupted = frame
        corrupted[corrupted.count - 1] ^= 0xFF  // content checksum
        #expect(throws: KafkaClientError.self) { try RecordCompression.decompress(corrupted, codec: .zstd) }
        #expect(throws: KafkaClientError.self) { try RecordCompression.decompress(Array(frame.dropLast(9)), codec: .zstd) }
    }

    @Test func zstdOutputCapIsEnforced() throws {
        let bomb = try RecordCompression.compress([UInt8](repeating: 0, count: 1 << 22), codec: .zstd)
        #expect(bomb.count < 1024)
        do {
            _ = try RecordCompression.decompress(bomb, codec: .zstd, maxOutputBytes: 100_000)
            Issue.record("a 4 MiB batch decoded under a 100 kB cap")
        } catch {
            #expect(error.code == .corruptCompressedData)
        }
        #expect(try RecordCompression.decompress(bomb, codec: .zstd, maxOutputBytes: 1 << 22).count == 1 << 22)
    }

    /// Random bytes and mutated or truncated zstd frames must throw or decode, never trap.
    @Test func zstdFuzzedInputNeverTraps() throws {
        var generator = SeededGenerator(seed: 77)
        let frames = try Self.inputs().filter { !$0.isEmpty }.prefix(8).map { try RecordCompression.compress($0, codec: .zstd) }
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 3 == 0 {
                bytes = [0x28, 0xB5, 0x2F, 0xFD] + (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = frames[round % frames.count]
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                if round % 5 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            }
            _ = try? RecordCompression.decompress(bytes, codec: .zstd, maxOutputBytes: 1 << 20)
        }
    }
}
