import KafkaProtocol

/// Topic IDs (KIP-516) derived from the topic name, so that they are stable across restarts
/// without storing anything. A topic deleted and re-created keeps its ID, which Kafka would
/// change; clients only compare IDs for topics they already know, so this is harmless here.
enum TopicIDs {
    static func id(for name: String) -> KafkaUUID {
        var high = fnv1a(name, seed: 0xcbf2_9ce4_8422_2325)
        var low = fnv1a(name, seed: 0x8422_2325_cbf2_9ce4 ^ 0x5bd1_e995)
        // Version 8 ("custom") and the RFC 4122 variant, so tools print it as a valid UUID.
        high = (high & ~0xF000) | 0x8000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return KafkaUUID(high: high, low: low)
    }

    /// The topic among `names` with this ID, if any.
    static func name(for id: KafkaUUID, among names: [String]) -> String? {
        names.first { Self.id(for: $0) == id }
    }

    private static func fnv1a(_ text: String, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        // One more avalanche round so that names differing in the last byte differ everywhere.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
