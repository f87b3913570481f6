import StreamEngine

/// Newline-delimited JSON from a file of a `DirectorySource` (its single partition 0): line
/// `i` has offset `firstOffset + i`.
struct LinesChunk: SourceChunk {
    var partition: Int32 { 0 }
    let lines: [UInt8]
    let firstOffset: Int64

    func decode(with decoder: JSONBatchDecoder, into batch: inout ColumnBatch) -> [UnreadableInput] {
        decoder.decode(lines: lines, firstOffset: firstOffset, into: &batch)
        return []
    }
}

/// A file a `DirectorySource` could not read: nothing to decode, one dead letter for its
/// whole offset range.
struct UnreadableChunk: SourceChunk {
    let input: UnreadableInput
    var partition: Int32 { input.partition }

    func decode(with decoder: JSONBatchDecoder, into batch: inout ColumnBatch) -> [UnreadableInput] { [input] }
}
