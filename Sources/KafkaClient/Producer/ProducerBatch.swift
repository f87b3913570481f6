import KafkaProtocol
import NIOCore
import RivuletCore

/// How a record's sender learns the outcome.
enum RecordCompletion: Sendable {
    /// Fire and forget: only `flush()` reports a failure.
    case none
    case continuation(CheckedContinuation<RecordMetadata, any Error>)

    func resume(_ result: Result<RecordMetadata, KafkaClientError>) {
        if case .continuation(let continuation) = self { continuation.resume(with: result.mapError { $0 }) }
    }
}

/// Records for one partition that travel together in one RecordBatch.
///
/// Open while records are appended; queued when full, lingered or flushed; sealed and
/// encoded (with producer ID, epoch and base sequence, then compressed) by the sender on its
/// first send, and resent with the same bytes on retry so that the broker can recognise a
/// duplicate.
struct ProducerBatch: Sendable {
    let id: UInt64
    let topicPartition: TopicPartition
    let createdAt: Duration
    private(set) var builder: RecordBatchBuilder?
    private(set) var sealed: RecordBatch?
    var encoded: ByteBuffer?
    /// Producer ID the batch was given when first drained (-1 without idempotence); nil until
    /// then. A new producer ID gives it a new identity and sequence, and a new encoding.
    private(set) var identityProducerID: Int64?
    private(set) var producerEpoch: Int16 = -1
    private(set) var baseSequence: Int32 = -1
    var completions: [RecordCompletion] = []
    var timestamps: [Int64] = []
    /// Bytes charged to the producer's buffer memory.
    var accountedBytes = 0
    var attempts = 0
    var retryAt: Duration = .zero
    var lastError: KafkaClientError?

    init(id: UInt64, topicPartition: TopicPartition, createdAt: Duration, capacity: Int) {
        self.id = id
        self.topicPartition = topicPartition
        self.createdAt = createdAt
        self.builder = RecordBatchBuilder(estimatedSize: capacity)
    }

    var recordCount: Int { completions.count }
    var sizeInBytes: Int { builder?.sizeInBytes ?? sealed?.totalSize ?? 0 }

    mutating func append(
        timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader], completion: RecordCompletion,
        accountedBytes bytes: Int
    ) {
        builder?.append(timestamp: timestamp, key: key, value: value, headers: headers)
        completions.append(completion)
        timestamps.append(timestamp)
        accountedBytes += bytes
    }

    mutating func seal() {
        guard let builder else { return }
        self.builder = nil
        sealed = builder.build()
    }

    /// The batch as the accumulator holds it while the sender encodes its own copy: without
    /// the builder, so that sealing that copy does not copy the records on write.
    var heldWhileEncoding: ProducerBatch {
        var held = self
        held.builder = nil
        return held
    }

    /// Takes the sender's sealed records and encoding of this batch, for retries.
    mutating func adoptEncoding(of sent: ProducerBatch) {
        builder = nil
        sealed = sent.sealed
        encoded = sent.encoded
    }

    /// Gives the batch the producer identity and first sequence it is sent with, dropping an
    /// encoding made for another identity. Cheap: done under the producer's lock.
    mutating func assign(producerID: Int64, producerEpoch: Int16, baseSequence: Int32) {
        identityProducerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        encoded = nil
    }

    /// The wire bytes: header rewritten with the assigned identity and sequence, records
    /// compressed. Costly (compression, CRC), so the sender does it outside the producer's
    /// lock; a retry reuses the bytes so that the broker can recognise a duplicate.
    mutating func encode(codec: CompressionCodec) throws(KafkaClientError) {
        guard encoded == nil else { return }
        seal()
        guard let sealed, let producerID = identityProducerID else {
            throw KafkaClientError(.invalidArgument, "batch \(id) has no records or no producer identity")
        }
        let (epoch, sequence) = (producerEpoch, baseSequence)
        encoded = try sealed.compressed(with: codec) { header in
            header.producerID = producerID
            header.producerEpoch = epoch
            header.baseSequence = sequence
        }
    }

    /// Resolves every record: offsets count up from `baseOffset`.
    func complete(baseOffset: Int64?, logAppendTime: Int64?) {
        for (index, completion) in completions.enumerated() {
            let timestamp = logAppendTime.flatMap { $0 >= 0 ? $0 : nil } ?? timestamps[index]
            completion.resume(
                .success(
                    RecordMetadata(
                        topicPartition: topicPartition, offset: baseOffset.map { Offset($0 + Int64(index)) },
                        timestamp: Timestamp(milliseconds: timestamp))))
        }
    }

    func fail(_ error: KafkaClientError) {
        for completion in completions { completion.resume(.failure(error)) }
    }

    var hasAwaitingSenders: Bool {
        completions.contains { if case .continuation = $0 { true } else { false } }
    }
}
