import KafkaProtocol

/// Idempotent-producer bookkeeping for one partition (Kafka's ProducerStateManager, without
/// transactions): per producer ID the current epoch and the last five batches, the most a
/// producer keeps in flight. Pure; `ProducerStateTable` owns the locking.
struct ProducerSequenceState: Sendable {
    /// Kafka's max.in.flight limit for idempotence, hence the batches worth remembering.
    static let retainedBatches = 5

    struct BatchMetadata: Hashable, Sendable {
        var firstSequence: Int32
        var lastSequence: Int32
        var firstOffset: Int64
        var lastOffset: Int64
    }

    struct ProducerEntry: Hashable, Sendable {
        var epoch: Int16
        /// Oldest first.
        var batches: [BatchMetadata]
    }

    enum Decision: Hashable, Sendable {
        /// Append the batch, then `record` it.
        case append
        /// The batch was appended before: answer with its offsets and append nothing.
        case duplicate(BatchMetadata)
        case reject(KafkaErrorCode)
    }

    private(set) var producers: [Int64: ProducerEntry] = [:]

    /// What to do with a batch of `producerID`/`epoch` holding sequences `first...last`.
    func check(producerID: Int64, epoch: Int16, firstSequence: Int32, lastSequence: Int32) -> Decision {
        // A producer we know nothing about (new, or its batches left the scanned tail):
        // accept any sequence, as Kafka does once retention removed a producer's state.
        guard let entry = producers[producerID] else { return .append }
        if epoch < entry.epoch { return .reject(.invalidProducerEpoch) }
        if epoch > entry.epoch {
            // A bumped epoch restarts sequences at zero.
            return firstSequence == 0 ? .append : .reject(.outOfOrderSequenceNumber)
        }
        if let original = entry.batches.first(where: {
            $0.firstSequence == firstSequence && $0.lastSequence == lastSequence
        }) {
            return .duplicate(original)
        }
        guard let last = entry.batches.last else { return .append }
        return firstSequence == Self.sequence(after: last.lastSequence) ? .append : .reject(.outOfOrderSequenceNumber)
    }

    /// Remembers an appended batch (or one found in the log during recovery).
    mutating func record(producerID: Int64, epoch: Int16, batch: BatchMetadata) {
        var entry = producers[producerID] ?? ProducerEntry(epoch: epoch, batches: [])
        if epoch != entry.epoch {
            entry = ProducerEntry(epoch: epoch, batches: [])
        }
        entry.batches.append(batch)
        if entry.batches.count > Self.retainedBatches {
            entry.batches.removeFirst(entry.batches.count - Self.retainedBatches)
        }
        producers[producerID] = entry
    }

    /// Sequences wrap from Int32.max to 0 (Kafka's DefaultRecordBatch.incrementSequence).
    static func sequence(after sequence: Int32) -> Int32 {
        sequence == Int32.max ? 0 : sequence + 1
    }

    /// The last sequence of a batch starting at `first` with `lastOffsetDelta`, wrapping likewise.
    static func lastSequence(first: Int32, lastOffsetDelta: Int32) -> Int32 {
        let sum = Int64(first) + Int64(max(0, lastOffsetDelta))
        return Int32(truncatingIfNeeded: sum > Int64(Int32.max) ? sum - Int64(Int32.max) - 1 : sum)
    }

    /// The bookkeeping view of an idempotent batch header.
    static func metadata(of header: RecordBatchHeader, firstOffset: Int64, lastOffset: Int64) -> BatchMetadata {
        BatchMetadata(
            firstSequence: header.baseSequence,
            lastSequence: lastSequence(first: header.baseSequence, lastOffsetDelta: header.lastOffsetDelta),
            firstOffset: firstOffset, lastOffset: lastOffset)
    }
}
