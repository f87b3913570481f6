import KafkaClient
import KafkaProtocol
import NIOCore
import StreamEngine

/// One read of an embedded-log partition (whole record batches, at most the source's
/// `maxBytesPerRead`), decoded off the pipeline task: records before `from` (reads return
/// whole batches) and control batches are skipped; compressed batches are decompressed, at
/// most `maxDecompressedBytes` each; a batch that cannot be opened is returned whole as
/// unreadable, none of it aggregated.
struct LogReadChunk: SourceChunk {
    let partition: Int32
    let records: ByteBuffer
    let from: Int64
    let maxDecompressedBytes: Int

    func decode(with decoder: JSONBatchDecoder, into batch: inout ColumnBatch) -> [UnreadableInput] {
        var unreadable: [UnreadableInput] = []
        var layouts: [RecordLayout] = []
        var batches = RecordBatchSequence(records, options: .init(verifyCRC: false))
        var next = from
        do {
            while let recordBatch = try batches.next() {
                guard recordBatch.lastOffset >= next else { continue }
                defer { next = max(next, recordBatch.nextOffset) }
                if recordBatch.isControl { continue }
                do {
                    try decode(recordBatch, from: next, layouts: &layouts, decoder: decoder, into: &batch)
                } catch {
                    let (code, message) = Self.describe(error)
                    unreadable.append(
                        UnreadableInput(
                            partition: partition, baseOffset: recordBatch.baseOffset, lastOffset: recordBatch.lastOffset,
                            code: code, error: message, bytes: Array(buffer: recordBatch.bytes)))
                }
            }
        } catch {
            // The source walked these headers before handing the chunk out; bytes read from
            // the log do not change, so this is not reached.
            assertionFailure("record batch headers failed on a second walk: \(error)")
        }
        return unreadable
    }

    /// Scans every record of the batch before decoding any, so that a batch that fails
    /// part-way is dead-lettered whole rather than also half aggregated. Values are decoded
    /// in place from the read's (or the decompressed) bytes.
    private func decode(
        _ recordBatch: RecordBatch, from first: Int64, layouts: inout [RecordLayout], decoder: JSONBatchDecoder,
        into batch: inout ColumnBatch
    ) throws {
        let payload = try recordBatch.decompressedPayload(maxDecompressedBytes: maxDecompressedBytes)
        layouts.removeAll(keepingCapacity: true)
        try payload.withUnsafeReadableBytes { bytes in
            try RecordLayout.scanAll(bytes, count: recordBatch.recordCount, into: &layouts)
            decoder.decode(layouts: layouts, in: bytes, baseOffset: recordBatch.baseOffset, from: first, into: &batch)
        }
    }

    /// The dead-letter headers' code and message for a batch that did not open.
    static func describe(_ error: any Error) -> (code: String, message: String) {
        switch error {
        case let error as KafkaClientError: (error.code.description, error.message)
        case let error as KafkaProtocolError: (error.code.description, error.message)
        default: ("unreadable-batch", "\(error)")
        }
    }
}
