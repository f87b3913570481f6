import TestSupport
@testable import StreamEngine

/// The shared seeded generator, under the name these tests use.
typealias SplitMix64 = SeededGenerator

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
