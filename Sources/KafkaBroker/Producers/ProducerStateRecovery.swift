import KafkaProtocol
import LogStore
import Logging
import NIOCore
import RivuletCore

/// Rebuilds producer sequence state by reading the batch headers at the tail of a partition.
///
/// Only the tail matters: a producer retries batches that were in flight when the broker
/// went down, which are the newest ones. Producers whose batches lie before the scanned
/// window are unknown afterwards and are accepted at any sequence, as Kafka does.
enum ProducerStateRecovery {
    /// Offsets from the end that are scanned.
    static let tailOffsets: Int64 = 100_000
    /// Bytes read at most; a tail of large batches is scanned from a later offset instead.
    static let maxScanBytes = 64 << 20
    static let chunkBytes = 1 << 20

    static func recover(_ log: PartitionLog, logger: Logger) -> ProducerSequenceState {
        var window = tailOffsets
        while true {
            let end = log.logEndOffset.rawValue
            let start = max(log.logStartOffset.rawValue, end - window)
            do {
                if let state = try scan(log, from: start, to: end) { return state }
            } catch {
                logger.warning(
                    "could not read the log tail to rebuild producer state; duplicates of batches sent before the restart will not be detected",
                    metadata: ["topic": "\(log.topic)", "partition": "\(log.partition)", "error": "\(error)"])
                return ProducerSequenceState()
            }
            guard window > 16 else { return ProducerSequenceState() }
            window /= 8
        }
    }

    /// The state from `start` to `end`, or nil when that is more than `maxScanBytes` of log.
    private static func scan(_ log: PartitionLog, from start: Int64, to end: Int64) throws -> ProducerSequenceState? {
        var state = ProducerSequenceState()
        var next = start
        var scanned = 0
        while next < end {
            let result = try log.read(from: Offset(next), maxBytes: chunkBytes)
            let records = result.records
            guard records.readableBytes > 0 else { break }
            scanned += records.readableBytes
            if scanned > maxScanBytes { return nil }
            var at = records.readerIndex
            var advanced = false
            while let header = RecordBatchHeader.peek(records, at: at), header.totalSize >= RecordBatchHeader.size {
                at += header.totalSize
                if header.lastOffset >= next {
                    next = header.lastOffset + 1
                    advanced = true
                }
                guard header.isIdempotent, !header.attributes.isControl else { continue }
                state.record(
                    producerID: header.producerID, epoch: header.producerEpoch,
                    batch: ProducerSequenceState.metadata(
                        of: header, firstOffset: header.baseOffset, lastOffset: header.lastOffset))
            }
            if !advanced { break }
        }
        return state
    }
}
