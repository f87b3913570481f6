import KafkaClient
import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import StreamEngine

/// Reads a topic of the embedded log for one pipeline, in-process: each partition from its
/// checkpointed offset, one read of at most `maxBytesPerRead` at a time (a `LogReadChunk`;
/// the pipeline's reader holds a few, so memory stays bounded), partitions taken in turn so
/// none starves. Waiting for data parks on the partitions' append wakeups
/// (`waitForData(at:)`), raced against a deadline. Decoding, decompression and dead-lettering
/// of batches that cannot be opened are the chunk's (`LogReadChunk.decode`).
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

    /// The next read of the next partition with data, or nil when every partition is caught
    /// up. Only the batch headers are walked here, to move the partition's position; records,
    /// decompression and JSON are the chunk's `decode`.
    public mutating func nextChunk() throws -> (any SourceChunk)? {
        for step in 0..<partitions.count {
            let i = (turn + step) % partitions.count
            let log = partitions[i]
            guard next[i] < log.logEndOffset.rawValue else { continue }
            turn = i + 1
            let result = try log.read(from: Offset(next[i]), maxBytes: maxBytesPerRead)
            let chunk = LogReadChunk(
                partition: log.partition, records: result.records, from: next[i], maxDecompressedBytes: maxDecompressedBytes)
            next[i] = try RecordBatchSequence.nextOffset(after: result.records, from: next[i], options: .init())
            return chunk
        }
        return nil
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
