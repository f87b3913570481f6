import NIOCore
import StreamEngine

extension JSONBatchDecoder {
    /// Decodes one record's value in place; a record without a value decodes as empty bytes
    /// (and becomes a dead letter).
    func decode(value: ByteBuffer?, offset: Int64, into batch: inout ColumnBatch) {
        if let value {
            value.withUnsafeReadableBytes { decode(record: $0, offset: offset, into: &batch) }
        } else {
            decode(record: [], offset: offset, into: &batch)
        }
    }
}
