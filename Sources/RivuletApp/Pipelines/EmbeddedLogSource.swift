import KafkaClient
import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import StreamEngine

/// Reads a topic of the embedded log for one pipeline, in-process: each partition from its
/// checkpointed offset, one read of at most `maxBytesPerRead` at a time (the only buffer, so
/// memory stays bounded), partitions taken in turn so none starves. Waiting for data parks
/// on the partitions' append wakeups (`waitForData(at:)`), raced against a deadline.
/// Compressed batches (gzip, snappy, lz4, and whatever else `RecordCompression` reads) are
/// decompressed, at most `maxDecompressedBytes` each; a batch that cannot be opened goes to
/// the caller's `unreadable` handler (the dead-letter topic) whole, none of it aggregated.
///
/// Owned by the pipeline task.
public struct EmbeddedLogSource: Sendable {

    public let topic: String
    public var maxBytesPerRead = 1 << 20
    public var maxDecompressedBytes = RecordCompression.defaultMaxDecompressedBytes
    let partitions: [PartitionLog]
    /// Next offset to read, per partition index.
    public private(set) var next: [Int64]
    var turn = 0
    /// The records of the batch being decoded, reused from batch to batch.
    var scratch: [(offset: Int64, value: ByteBuffer?)] = []

    /// Starts each partition at its checkpointed offset, or at the log start when there is none
    /// or retention has removed it.
    public init(log: LogStore, topic: String, from offsets: [Int32: Int64]) throws {
        guard let partitions = log.partitions(of: topic), !partitions.isEmpty else {
            throw RivuletError(.invalidArgument, "source topic \(topic) does not exist in the embedded log")
        }
        self.topic = topic
        self.partitions = partitions
        next = partitions.map { max(offsets[$0.partition] ?? 0, $0.logStartOffset.rawValue) }
    }

    /// Each partition's log end offset and next offset to read.
    public var positions: [(partition: Int32, logEnd: Int64, next: Int64)] {
        zip(partitions, next).map { ($0.partition, $0.logEndOffset.rawValue, $1) }
    }

    /// Decodes the next read of the next partition with data into `batch` and returns that
    /// partition, or nil when every partition is caught up. Records before the requested
    /// offset (reads return whole batches) and control batches are skipped.
    public mutating func read(
        decoder: JSONBatchDecoder, into batch: inout ColumnBatch, unreadable: (UnreadableInput) throws -> Void
    ) throws -> Int32? {
        for step in 0..<partitions.count {
            let i = (turn + step) % partitions.count
            let log = partitions[i]
            guard next[i] < log.logEndOffset.rawValue else { continue }
            turn = i + 1
            let result = try log.read(from: Offset(next[i]), maxBytes: maxBytesPerRead)
            var batches = RecordBatchSequence(result.records, options: .init(verifyCRC: false))
            while let recordBatch = try batches.next() {
                guard recordBatch.lastOffset >= next[i] else { continue }
                defer { next[i] = max(next[i], recordBatch.nextOffset) }
                if recordBatch.isControl { continue }
                let failure: (code: String, message: String)
                do {
                    try decode(recordBatch, from: next[i], decoder: decoder, into: &batch)
                    continue
                } catch let error as KafkaClientError {
                    failure = (error.code.description, error.message)
                } catch let error as KafkaProtocolError {
                    failure = (error.code.description, error.message)
                }
                try unreadable(
                    UnreadableInput(
                        partition: log.partition, baseOffset: recordBatch.baseOffset, lastOffset: recordBatch.lastOffset,
                        code: failure.code, error: failure.message, bytes: Array(buffer: recordBatch.bytes)))
            }
            return log.partition
        }
        return nil
    }

    /// Reads every record of the batch before decoding any, so that a batch that fails
    /// part-way is dead-lettered whole rather than also half aggregated.
    private mutating func decode(
        _ recordBatch: RecordBatch, from first: Int64, decoder: JSONBatchDecoder, into batch: inout ColumnBatch
    ) throws {
        scratch.removeAll(keepingCapacity: true)
        var records = try recordBatch.decompressedRecords(maxDecompressedBytes: maxDecompressedBytes)
        while let record = try records.next() {
            let offset = recordBatch.baseOffset + Int64(record.offsetDelta)
            if offset >= first { scratch.append((offset, record.value)) }
        }
        decoder.decode(values: scratch, into: &batch)
    }

    /// Returns when a partition has data past its next offset, at `deadline`, or when a
    /// graceful shutdown starts, whichever comes first.
    public func waitForData<C: Clock>(until deadline: C.Instant, clock: C) async throws where C.Duration == Duration {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (log, offset) in zip(partitions, next) {
                group.addTask { try await log.waitForData(at: Offset(offset)) }
            }
            group.addTask { try await clock.sleep(until: deadline, tolerance: nil) }
            group.addTask { try await PipelineShutdown.wait() }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }
}
