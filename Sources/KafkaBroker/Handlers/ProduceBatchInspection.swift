import KafkaProtocol
import NIOCore

/// The checks Kafka applies to a partition's records before appending, from the batch
/// headers alone; CRCs and the rest of the framing are checked by the log's append.
enum ProduceBatchInspection {
    static func inspect(_ records: ByteBuffer, maxMessageBytes: Int) -> KafkaOutcome<[RecordBatchHeader]> {
        guard records.readableBytes > 0 else { return .failure(.invalidRecord) }
        var headers: [RecordBatchHeader] = []
        var at = records.readerIndex
        while at < records.writerIndex {
            guard let header = RecordBatchHeader.peek(records, at: at) else { return .failure(.corruptMessage) }
            guard header.magic == RecordBatchHeader.magicV2 else { return .failure(.unsupportedForMessageFormat) }
            guard header.batchLength >= 0, header.totalSize >= RecordBatchHeader.size else { return .failure(.corruptMessage) }
            guard header.totalSize <= maxMessageBytes else { return .failure(.messageTooLarge) }
            guard header.totalSize <= records.writerIndex - at else { return .failure(.corruptMessage) }
            // Clients never write control batches, and we run no transactions.
            if header.attributes.isControl { return .failure(.invalidRecord) }
            if header.attributes.isTransactional { return .failure(.invalidTxnState) }
            headers.append(header)
            at += header.totalSize
        }
        // Kafka's rule for v3+: an idempotent producer sends exactly one batch per partition,
        // which is what makes its sequence bookkeeping per batch sound.
        if headers.count > 1, headers.contains(where: \.isIdempotent) { return .failure(.invalidRecord) }
        return .success(headers)
    }
}
