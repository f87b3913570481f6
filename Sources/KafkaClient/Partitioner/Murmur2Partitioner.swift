/// The default partitioner of Kafka's Java client for records with a key:
/// `toPositive(murmur2(keyBytes)) % numPartitions`, so that a key lands on the same partition
/// whichever client (Java, kafka-python, librdkafka's `murmur2_random`, Rivulet) wrote it.
public enum Murmur2Partitioner {
    /// Kafka's `Utils.murmur2`: MurmurHash2, 32-bit, seed 0x9747b28c, as a signed Java int.
    public static func murmur2<Bytes: Collection<UInt8>>(_ data: Bytes) -> Int32 {
        let m: UInt32 = 0x5bd1_e995
        let length = data.count
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        var iterator = data.makeIterator()
        for _ in 0..<(length / 4) {
            // A Collection of `count` elements yields at least that many; `?? 0` never applies.
            let b0 = UInt32(iterator.next() ?? 0), b1 = UInt32(iterator.next() ?? 0)
            let b2 = UInt32(iterator.next() ?? 0), b3 = UInt32(iterator.next() ?? 0)
            var k = b0 | b1 << 8 | b2 << 16 | b3 << 24
            k = k &* m
            k ^= k >> 24
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = Array(IteratorSequence(iterator))
        if tail.count == 3 { h ^= UInt32(tail[2]) << 16 }
        if tail.count >= 2 { h ^= UInt32(tail[1]) << 8 }
        if tail.count >= 1 {
            h ^= UInt32(tail[0])
            h = h &* m
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// Kafka's `Utils.toPositive`: clears the sign bit (not `abs`, which fails for Int32.min).
    public static func toPositive(_ value: Int32) -> Int32 { value & 0x7fff_ffff }

    /// The partition for `key` among `partitionCount` partitions.
    public static func partition<Bytes: Collection<UInt8>>(key: Bytes, partitionCount: Int) -> Int32 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return toPositive(murmur2(key)) % Int32(partitionCount)
    }
}
