import KafkaProtocol
import NIOCore

/// The producer's batching state machine, pure and clock-free (times are `Duration`s from
/// an `ElapsedClock`): records go into an open batch per partition; batches are sealed when
/// full, after `linger`, or on flush; `drain` hands out what may be sent, respecting the
/// in-flight limit per partition and giving each batch its sequence numbers once; retried
/// batches go back in sequence order. The producer keeps it under a mutex and performs the I/O.
struct RecordAccumulator: Sendable {
    struct Limits: Sendable {
        var batchSize: Int
        var bufferMemory: Int
        var maxInFlightPerPartition: Int
        var linger: Duration
        var deliveryTimeout: Duration
        var idempotent: Bool
    }

    struct Drained: Sendable {
        var ready: [ProducerBatch] = []
        /// Batches that could not be encoded or outlived the delivery timeout.
        var failed: [(ProducerBatch, KafkaClientError)] = []
    }

    let limits: Limits
    private var partitioner: StickyPartitioner
    private var nextBatchID: UInt64 = 1
    private var open: [TopicPartition: ProducerBatch] = [:]
    private var queued: [TopicPartition: [ProducerBatch]] = [:]
    private var inFlight: [UInt64: ProducerBatch] = [:]
    private var inFlightCount: [TopicPartition: Int] = [:]
    private var nextSequence: [TopicPartition: Int32] = [:]
    private(set) var bufferedBytes = 0
    private(set) var producerID: Int64 = -1
    private(set) var producerEpoch: Int16 = -1
    /// Seal open batches right away: someone is flushing or closing.
    var flushing = false

    init(limits: Limits, partitionerSeed: UInt64) {
        self.limits = limits
        self.partitioner = StickyPartitioner(seed: partitionerSeed)
    }

    var isEmpty: Bool { open.isEmpty && queued.values.allSatisfy(\.isEmpty) && inFlight.isEmpty }
    var inFlightBatches: Int { inFlight.count }
    var needsProducerID: Bool { limits.idempotent && producerID < 0 }

    static func estimatedSize(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader]) -> Int {
        var size = 24 + (key?.readableBytes ?? 0) + (value?.readableBytes ?? 0)
        for header in headers { size += header.encodedSize }
        return size
    }

    func hasRoom(for bytes: Int) -> Bool { bufferedBytes == 0 || bufferedBytes + bytes <= limits.bufferMemory }

    /// Chooses the partition (explicit, murmur2 of the key, or sticky) and appends. Returns
    /// the partition, whether a batch was sealed and whether one was opened (either way the
    /// sender should wake up: to send, or to arm the linger timer).
    mutating func append(
        topic: String, partition explicit: Int32?, partitionCount: Int, key: ByteBuffer?, value: ByteBuffer?,
        headers: [RecordHeader], timestamp: Int64, completion: RecordCompletion, now: Duration
    ) -> (TopicPartition, sealed: Bool, opened: Bool) {
        let partition: Int32
        if let explicit {
            partition = explicit
        } else if let key {
            partition = key.withUnsafeReadableBytes { Murmur2Partitioner.partition(key: $0, partitionCount: partitionCount) }
        } else {
            partition = partitioner.partition(topic: topic, partitionCount: partitionCount)
        }
        let tp = TopicPartition(topic, partition)
        let size = Self.estimatedSize(key: key, value: value, headers: headers)
        bufferedBytes += size
        // The usual case, a record into the open batch that has room, costs one hash of the
        // topic and appends in place (no copy-on-write of the builder or completion arrays).
        if let i = open.index(forKey: tp), open.values[i].recordCount == 0 || open.values[i].sizeInBytes + size <= limits.batchSize {
            open.values[i].append(
                timestamp: timestamp, key: key, value: value, headers: headers, completion: completion, accountedBytes: size)
            guard open.values[i].sizeInBytes >= limits.batchSize else { return (tp, false, false) }
            sealOpen(tp, partitionCount: partitionCount)
            return (tp, true, false)
        }
        // No open batch, or it is full: seal it, and start a new one.
        let sealedFull = open[tp] != nil
        sealOpen(tp, partitionCount: partitionCount)
        var current: ProducerBatch? = newBatch(tp, now: now, size: size)
        current!.append(
            timestamp: timestamp, key: key, value: value, headers: headers, completion: completion, accountedBytes: size)
        if current!.sizeInBytes >= limits.batchSize {
            queueSealed(&current, partitionCount: partitionCount)
            return (tp, true, true)
        }
        open[tp] = current
        return (tp, sealedFull, true)
    }

    private mutating func newBatch(_ tp: TopicPartition, now: Duration, size: Int) -> ProducerBatch {
        defer { nextBatchID += 1 }
        return ProducerBatch(
            id: nextBatchID, topicPartition: tp, createdAt: now, capacity: min(max(limits.batchSize, size) + 128, 1 << 20))
    }

    private mutating func sealOpen(_ tp: TopicPartition, partitionCount: Int?) {
        var batch = open.removeValue(forKey: tp)
        queueSealed(&batch, partitionCount: partitionCount)
    }

    /// Queues `batch` for sending: out of `open`, it takes no more records. Its header and
    /// CRC are written when the sender encodes it, off the appending thread.
    private mutating func queueSealed(_ batch: inout ProducerBatch?, partitionCount: Int?) {
        guard let sealed = batch else { return }
        batch = nil
        let tp = sealed.topicPartition
        queued[tp, default: []].append(sealed)
        if let partitionCount {
            partitioner.batchSealed(topic: tp.topic, partition: tp.partition, partitionCount: partitionCount)
        }
    }

    /// Seals what is due and returns the batches to send now, marked in flight.
    mutating func drain(now: Duration) -> Drained {
        var result = Drained()
        for (tp, batch) in open where flushing || now >= batch.createdAt + limits.linger {
            sealOpen(tp, partitionCount: nil)
        }
        for tp in queued.keys.sorted() {
            guard var queue = queued[tp] else { continue }
            while let first = queue.first, inFlightCount[tp, default: 0] < limits.maxInFlightPerPartition,
                first.retryAt <= now
            {
                queue.removeFirst()
                var batch = first
                if now >= batch.createdAt + limits.deliveryTimeout {
                    bufferedBytes -= batch.accountedBytes
                    let cause = batch.lastError.map { " (last error: \($0))" } ?? ""
                    result.failed.append(
                        (batch, KafkaClientError(.timeout, "record batch for \(tp) not acknowledged within the delivery timeout\(cause)")))
                    continue
                }
                assignIdentityIfNeeded(&batch)
                inFlight[batch.id] = batch.heldWhileEncoding
                inFlightCount[tp, default: 0] += 1
                result.ready.append(batch)
            }
            queued[tp] = queue.isEmpty ? nil : queue
        }
        return result
    }

    private mutating func assignIdentityIfNeeded(_ batch: inout ProducerBatch) {
        let id = limits.idempotent ? producerID : -1
        if batch.identityProducerID == id { return }
        var sequence: Int32 = -1
        if limits.idempotent {
            sequence = nextSequence[batch.topicPartition, default: 0]
            // Sequences wrap at Int32.max, as the broker expects.
            let next = Int64(sequence) + Int64(batch.recordCount)
            nextSequence[batch.topicPartition] = Int32(truncatingIfNeeded: next > Int64(Int32.max) ? next - Int64(Int32.max) - 1 : next)
        }
        batch.assign(producerID: id, producerEpoch: limits.idempotent ? producerEpoch : -1, baseSequence: sequence)
    }

    /// Keeps the sender's encoding of an in-flight batch, so that a retry resends the same bytes.
    mutating func storeEncoding(of batch: ProducerBatch) {
        guard inFlight[batch.id]?.identityProducerID == batch.identityProducerID else { return }
        inFlight[batch.id]?.adoptEncoding(of: batch)
    }

    /// When the sender should look again without being woken: the next linger or retry time.
    func nextDeadline() -> Duration? {
        var deadline: Duration?
        for batch in open.values {
            let due = batch.createdAt + limits.linger
            deadline = deadline.map { min($0, due) } ?? due
        }
        for (tp, queue) in queued {
            guard let first = queue.first, inFlightCount[tp, default: 0] < limits.maxInFlightPerPartition else { continue }
            deadline = deadline.map { min($0, first.retryAt) } ?? first.retryAt
        }
        return deadline
    }

    /// The batch was acknowledged or failed for good: it leaves the accumulator and frees its memory.
    mutating func finish(_ id: UInt64) -> ProducerBatch? {
        guard let batch = inFlight.removeValue(forKey: id) else { return nil }
        inFlightCount[batch.topicPartition, default: 1] -= 1
        bufferedBytes -= batch.accountedBytes
        return batch
    }

    /// The batch failed in a way a retry can fix: back into its partition's queue, in
    /// sequence order, to go out again after `retryAt` with the same sequence.
    mutating func retry(_ id: UInt64, at retryAt: Duration, error: KafkaClientError) {
        guard var batch = inFlight.removeValue(forKey: id) else { return }
        inFlightCount[batch.topicPartition, default: 1] -= 1
        batch.attempts += 1
        batch.retryAt = retryAt
        batch.lastError = error
        var queue = queued[batch.topicPartition] ?? []
        let index = queue.firstIndex { other in
            other.identityProducerID == nil || (batch.baseSequence >= 0 && other.baseSequence > batch.baseSequence)
                || (batch.baseSequence < 0 && other.id > batch.id)
        } ?? queue.endIndex
        queue.insert(batch, at: index)
        queued[batch.topicPartition] = queue
    }

    /// A new producer ID (after InitProducerId) restarts every partition's sequence at 0.
    mutating func setProducerID(_ id: Int64, epoch: Int16) {
        producerID = id
        producerEpoch = epoch
        nextSequence = [:]
    }

    /// Forgets the producer ID after a fatal sequence error; the sender fetches a new one.
    mutating func resetProducerID() {
        producerID = -1
        producerEpoch = -1
    }

    /// Everything not yet in flight, removed (used when the producer is torn down).
    mutating func removeAllPending() -> [ProducerBatch] {
        var batches = Array(open.values)
        for queue in queued.values { batches += queue }
        open = [:]
        queued = [:]
        for batch in batches { bufferedBytes -= batch.accountedBytes }
        return batches
    }
}
