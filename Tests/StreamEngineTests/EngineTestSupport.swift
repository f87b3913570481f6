@testable import StreamEngine

/// A small seeded generator so every random test is reproducible from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONBatchDecoder {
    /// Decodes each string as one record at consecutive offsets.
    func decodeAll(_ records: [String], schema: Schema, firstOffset: Int64 = 0, projection: Set<String>? = nil) -> ColumnBatch {
        var batch = ColumnBatch(schema: schema, projection: projection)
        for (i, r) in records.enumerated() {
            decode(record: Array(r.utf8), offset: firstOffset + Int64(i), into: &batch)
        }
        return batch
    }
}
