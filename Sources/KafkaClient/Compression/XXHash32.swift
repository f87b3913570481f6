/// xxHash32, which the LZ4 frame format uses for its header and content checksums.
enum XXHash32 {
    private static let prime1: UInt32 = 2_654_435_761
    private static let prime2: UInt32 = 2_246_822_519
    private static let prime3: UInt32 = 3_266_489_917
    private static let prime4: UInt32 = 668_265_263
    private static let prime5: UInt32 = 374_761_393

    static func hash(_ input: UnsafeBufferPointer<UInt8>, seed: UInt32 = 0) -> UInt32 {
        let count = input.count
        var position = 0
        var h: UInt32
        if count >= 16 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            while position + 16 <= count {
                v1 = round(v1, read32(input, position))
                v2 = round(v2, read32(input, position + 4))
                v3 = round(v3, read32(input, position + 8))
                v4 = round(v4, read32(input, position + 12))
                position += 16
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
        } else {
            h = seed &+ prime5
        }
        h = h &+ UInt32(truncatingIfNeeded: count)
        while position + 4 <= count {
            h = h &+ read32(input, position) &* prime3
            h = rotl(h, 17) &* prime4
            position += 4
        }
        while position < count {
            h = h &+ UInt32(input[position]) &* prime5
            h = rotl(h, 11) &* prime1
            position += 1
        }
        h ^= h >> 15
        h = h &* prime2
        h ^= h >> 13
        h = h &* prime3
        h ^= h >> 16
        return h
    }

    static func hash(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { hash($0, seed: seed) }
    }

    private static func round(_ acc: UInt32, _ lane: UInt32) -> UInt32 {
        rotl(acc &+ lane &* prime2, 13) &* prime1
    }

    private static func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { (x << r) | (x >> (32 - r)) }

    private static func read32(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24
    }
}
