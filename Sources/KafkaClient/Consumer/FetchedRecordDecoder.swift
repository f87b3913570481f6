import KafkaProtocol
import NIOCore
import RivuletCore

/// Turns the `records` of one partition in a Fetch response into consumer records: splits
/// whole batches (a truncated last batch is normal and ignored), decompresses compressed
/// payloads (`RecordBatch.decompressedPayload`), skips control batches and records before
/// the fetch offset (a batch can start before it), and says where the next fetch starts.
enum FetchedRecordDecoder {
    struct Decoded: Sendable {
        var records: [ConsumerRecord] = []
        /// The offset after the last whole batch, or the fetch offset when none was whole.
        var nextOffset: Int64
    }

    static func decode(
        _ bytes: ByteBuffer?, topicPartition tp: TopicPartition, fetchOffset: Int64, verifyCRC: Bool,
        maxDecompressedBytes: Int
    ) throws(KafkaClientError) -> Decoded {
        var decoded = Decoded(nextOffset: fetchOffset)
        guard let bytes, bytes.readableBytes > 0 else { return decoded }
        var layouts: [RecordLayout] = []
        var batches = RecordBatchSequence(
            bytes, options: .init(maxBatchBytes: Int(Int32.max), verifyCRC: verifyCRC, allowTruncatedTail: true))
        do {
            while let batch = try batches.next() {
                defer { decoded.nextOffset = max(decoded.nextOffset, batch.nextOffset) }
                if batch.nextOffset <= fetchOffset || batch.isControl { continue }
                try appendRecords(
                    of: batch, tp: tp, from: fetchOffset, into: &decoded.records, layouts: &layouts, maxBytes: maxDecompressedBytes)
            }
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError(.protocolError, "fetched records of \(tp) are corrupt", cause: error)
        }
        return decoded
    }

    /// Where the next fetch starts after these bytes, from the batch headers alone (no CRC,
    /// no decompression), so that the next Fetch can go out before `decode` runs.
    static func nextOffset(_ bytes: ByteBuffer, topicPartition tp: TopicPartition, fetchOffset: Int64) throws(KafkaClientError) -> Int64 {
        do {
            return try RecordBatchSequence.nextOffset(
                after: bytes, from: fetchOffset, options: .init(maxBatchBytes: Int(Int32.max), allowTruncatedTail: true))
        } catch {
            throw KafkaClientError(.protocolError, "fetched records of \(tp) are corrupt", cause: error)
        }
    }

    /// The batch's records built straight from their layouts: key and value are slices of
    /// the payload, with no intermediate `Record` to copy and release per record.
    private static func appendRecords(
        of batch: RecordBatch, tp: TopicPartition, from fetchOffset: Int64, into out: inout [ConsumerRecord],
        layouts: inout [RecordLayout], maxBytes: Int
    ) throws {
        let payload = try batch.decompressedPayload(maxDecompressedBytes: maxBytes)
        layouts.removeAll(keepingCapacity: true)
        let scanned = payload.withUnsafeReadableBytes { bytes in
            Result { () throws(KafkaProtocolError) in try RecordLayout.scanAll(bytes, count: batch.recordCount, into: &layouts) }
        }
        try scanned.get()
        let base = payload.readerIndex
        let logAppend = batch.timestampType == .logAppendTime
        out.reserveCapacity(out.count + layouts.count)
        for layout in layouts {
            let offset = batch.baseOffset &+ Int64(layout.offsetDelta)
            guard offset >= fetchOffset else { continue }
            let timestamp = logAppend ? batch.maxTimestamp : batch.baseTimestamp &+ layout.timestampDelta
            out.append(
                ConsumerRecord(
                    topic: tp.topic, partition: tp.partition, offset: Offset(offset),
                    timestamp: Timestamp(milliseconds: timestamp), timestampType: batch.timestampType,
                    key: layout.key(in: payload, base: base), value: layout.value(in: payload, base: base),
                    headers: try layout.headers(in: payload, base: base)))
        }
    }
}
