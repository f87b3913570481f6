import NIOCore
import StreamEngine

extension JSONBatchDecoder {
    /// Decodes record values in place, in order; a record without a value decodes as empty
    /// bytes (and becomes a dead letter).
    func decode<Values: Sequence>(values: Values, into batch: inout ColumnBatch)
    where Values.Element == (offset: Int64, value: ByteBuffer?) {
        decodeRecords(into: &batch) { decode in
            for (offset, value) in values {
                if let value {
                    value.withUnsafeReadableBytes { decode($0, offset) }
                } else {
                    decode(UnsafeRawBufferPointer(start: nil, count: 0), offset)
                }
            }
        }
    }
}
