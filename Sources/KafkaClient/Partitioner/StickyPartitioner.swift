/// Where records without a key go: Kafka's sticky partitioning (KIP-480). All keyless
/// records of a topic go to one partition until the batch there is sealed, then the
/// partitioner moves to another partition, so batches fill up instead of spreading one
/// record per partition. Pure; the accumulator owns one and tells it when a batch seals.
struct StickyPartitioner: Sendable {
    private var current: [String: Int32] = [:]
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func partition(topic: String, partitionCount: Int) -> Int32 {
        if let partition = current[topic], Int(partition) < partitionCount { return partition }
        let chosen = Int32(Int(generator.next() % UInt64(partitionCount)))
        current[topic] = chosen
        return chosen
    }

    /// The batch of `partition` sealed: pick another partition for the next keyless record.
    mutating func batchSealed(topic: String, partition: Int32, partitionCount: Int) {
        guard current[topic] == partition else { return }
        guard partitionCount > 1 else { return }
        var next = Int32(Int(generator.next() % UInt64(partitionCount - 1)))
        if next >= partition { next += 1 }
        current[topic] = next
    }
}

/// A small deterministic generator (SplitMix64) so partition choice is reproducible in tests.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
