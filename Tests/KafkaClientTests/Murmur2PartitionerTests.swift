import Testing
@testable import KafkaClient

/// Expected hashes come from kafka-python's `kafka.partitioner.default.murmur2` (a port of
/// the Java client's `Utils.murmur2`), computed once and written down here:
/// `murmur2(key) & 0xffffffff`, then `% 3` and `% 7` of its positive part.
@Suite struct Murmur2PartitionerTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let key: [UInt8]
        let hash: UInt32
        let partitionOf3: Int32
        let partitionOf7: Int32
        var testDescription: String { "\(key.count) bytes" }
    }

    static let vectors: [Vector] = [
        Vector(key: [], hash: 275_646_681, partitionOf3: 0, partitionOf7: 2),
        Vector(key: Array("a".utf8), hash: 2_731_586_172, partitionOf3: 1, partitionOf7: 5),
        Vector(key: Array("ab".utf8), hash: 316_155_434, partitionOf3: 2, partitionOf7: 0),
        Vector(key: Array("abc".utf8), hash: 479_470_107, partitionOf3: 0, partitionOf7: 4),
        Vector(key: Array("abcd".utf8), hash: 2_971_317_748, partitionOf3: 2, partitionOf7: 5),
        Vector(key: Array("abcde".utf8), hash: 461_995_741, partitionOf3: 1, partitionOf7: 4),
        Vector(key: Array("device-3fa2c1d0".utf8), hash: 3_028_454_632, partitionOf3: 2, partitionOf7: 5),
        Vector(key: Array("k0".utf8), hash: 3_590_428_993, partitionOf3: 2, partitionOf7: 2),
        Vector(key: Array("k6".utf8), hash: 212_943_985, partitionOf3: 1, partitionOf7: 2),
        Vector(key: Array("héllo wörld".utf8), hash: 439_213_890, partitionOf3: 0, partitionOf7: 3),
        Vector(key: Array(0...36), hash: 74_000_851, partitionOf3: 1, partitionOf7: 1),
        Vector(key: Array("21".utf8), hash: 3_321_034_988, partitionOf3: 0, partitionOf7: 3),
    ]

    @Test(arguments: vectors)
    func matchesKafkaPython(_ vector: Vector) {
        #expect(UInt32(bitPattern: Murmur2Partitioner.murmur2(vector.key)) == vector.hash)
        #expect(Murmur2Partitioner.partition(key: vector.key, partitionCount: 3) == vector.partitionOf3)
        #expect(Murmur2Partitioner.partition(key: vector.key, partitionCount: 7) == vector.partitionOf7)
    }

    @Test func toPositiveClearsOnlyTheSignBit() {
        #expect(Murmur2Partitioner.toPositive(Int32.min) == 0)
        #expect(Murmur2Partitioner.toPositive(-1) == Int32.max)
        #expect(Murmur2Partitioner.toPositive(42) == 42)
    }

    @Test func stickyPartitionerStaysUntilBatchSeals() {
        var sticky = StickyPartitioner(seed: 7)
        let first = sticky.partition(topic: "t", partitionCount: 4)
        #expect(sticky.partition(topic: "t", partitionCount: 4) == first)
        sticky.batchSealed(topic: "t", partition: first, partitionCount: 4)
        let second = sticky.partition(topic: "t", partitionCount: 4)
        #expect(second != first)
        #expect((0..<4).contains(second))
        // A single-partition topic never moves.
        #expect(sticky.partition(topic: "one", partitionCount: 1) == 0)
    }
}
