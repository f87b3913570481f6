import KafkaProtocol
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

    /// Decodes the values of scanned records (`RecordLayout.scanAll`) in place, in order, skipping records before
    /// offset `first`; a record without a value decodes as empty bytes (and becomes a dead letter).
    func decode(layouts: [RecordLayout], in bytes: UnsafeRawBufferPointer, baseOffset: Int64, from first: Int64, into batch: inout ColumnBatch) {
        decodeRecords(in: bytes, into: &batch) { decode in
            for layout in layouts {
                let offset = baseOffset + Int64(layout.offsetDelta)
                guard offset >= first else { continue }
                decode(layout.valueRange, offset)
            }
        }
    }
}
