import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// Narrows a time lookup from the batch the log's time index finds to the record inside it,
/// as Kafka answers ListOffsets. Compressed batches cannot be opened here (the codec reads
/// uncompressed records only), so for those the answer stays the batch: its base offset and
/// its max timestamp, which a consumer starting there still reads correctly from.
enum RecordTimestampSearch {
    typealias Answer = (offset: Offset, timestamp: Timestamp)

    /// The first record at or after `target` in the batch holding `batchOffset`.
    static func firstRecord(in log: PartitionLog, batchOffset: Offset, atOrAfter target: Timestamp) throws -> Answer {
        try search(log, batchOffset: batchOffset) { $0 >= target.milliseconds }
            ?? fallback(log, batchOffset: batchOffset)
    }

    /// The first record carrying `timestamp` in the batch holding `batchOffset`.
    static func recordWithMaxTimestamp(in log: PartitionLog, batchOffset: Offset, timestamp: Timestamp) throws -> Answer {
        try search(log, batchOffset: batchOffset) { $0 == timestamp.milliseconds } ?? (batchOffset, timestamp)
    }

    private static func fallback(_ log: PartitionLog, batchOffset: Offset) throws -> Answer {
        guard let batch = try batch(in: log, at: batchOffset) else { return (batchOffset, Timestamp(milliseconds: -1)) }
        return (Offset(batch.baseOffset), Timestamp(milliseconds: batch.maxTimestamp))
    }

    private static func batch(in log: PartitionLog, at offset: Offset) throws -> RecordBatch? {
        // maxBytes 1 still returns the whole first batch (KIP-74 semantics of `read`).
        let records = try log.read(from: offset, maxBytes: 1).records
        guard let header = RecordBatchHeader.peek(records, at: records.readerIndex),
            let bytes = records.getSlice(at: records.readerIndex, length: header.totalSize)
        else { return nil }
        return try? RecordBatch(bytes: bytes)
    }

    private static func search(_ log: PartitionLog, batchOffset: Offset, matches: (Int64) -> Bool) throws -> Answer? {
        guard let batch = try batch(in: log, at: batchOffset) else { return nil }
        if batch.timestampType == .logAppendTime {
            return matches(batch.maxTimestamp) ? (Offset(batch.baseOffset), Timestamp(milliseconds: batch.maxTimestamp)) : nil
        }
        guard var records = try? batch.makeRecordIterator() else { return nil }
        while let record = try? records.next() {
            let time = batch.baseTimestamp &+ record.timestampDelta
            if matches(time) {
                return (Offset(batch.baseOffset + Int64(record.offsetDelta)), Timestamp(milliseconds: time))
            }
        }
        return nil
    }
}
