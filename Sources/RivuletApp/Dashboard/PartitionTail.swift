import Dashboard
import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// Reads the newest records of a partition for the topic browser.
enum PartitionTail {
    /// Bytes of a key or value shown; the rest is cut so one huge record cannot bloat the page.
    static let maxShownBytes = 4096
    static let maxReadBytes = 4 * 1024 * 1024

    static func messages(of log: PartitionLog, limit: Int) throws -> [DashboardMessage] {
        let end = log.highWatermark.rawValue
        let start = max(log.logStartOffset.rawValue, end - Int64(limit))
        guard start < end else { return [] }
        let result = try log.read(from: Offset(start), maxBytes: maxReadBytes)
        var batches = RecordBatchSequence(result.records, options: .init(verifyCRC: false))
        var messages: [DashboardMessage] = []
        while let batch = try batches.next() {
            guard batch.lastOffset >= start, !batch.isControl else { continue }
            // Compressed batches cannot be decoded yet; show their offsets without content.
            guard var records = try? batch.makeRecordIterator() else {
                messages.append(
                    DashboardMessage(
                        offset: batch.baseOffset, timestamp: batch.baseTimestamp, key: nil, value: "(compressed batch)")
                )
                continue
            }
            while let record = try records.next() {
                let offset = batch.baseOffset + Int64(record.offsetDelta)
                guard offset >= start else { continue }
                messages.append(
                    DashboardMessage(
                        offset: offset, timestamp: batch.baseTimestamp + record.timestampDelta,
                        key: record.key.map(text), value: record.value.map(text)))
            }
        }
        return Array(messages.suffix(limit))
    }

    private static func text(_ buffer: ByteBuffer) -> String {
        let bytes = buffer.readableBytesView.prefix(maxShownBytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
