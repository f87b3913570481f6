import KafkaProtocol
import NIOCore
import RivuletCore

/// What a read returns: whole batches starting at or before the requested offset.
public struct LogReadResult: Sendable {
    /// Concatenated record batches; the first contains the requested offset. Empty when the
    /// offset is the log end.
    public var records: ByteBuffer
    public var highWatermark: Offset
    public var logStartOffset: Offset
}

extension PartitionLog {
    /// Reads whole batches from `offset`, up to `maxBytes`. As in Kafka (KIP-74), the first
    /// batch is returned whole even if it is larger than `maxBytes`, so consumers always
    /// make progress. Offsets outside [logStart, logEnd] are `offsetOutOfRange`.
    public func read(from offset: Offset, maxBytes: Int) throws -> LogReadResult {
        let snapshot = state.withLock { s in
            (segments: s.segments, sizes: s.segments.map(\.size), end: s.logEndOffset)
        }
        let start = snapshot.segments.first?.baseOffset ?? 0
        let empty = LogReadResult(records: ByteBuffer(), highWatermark: Offset(snapshot.end), logStartOffset: Offset(start))
        guard offset.rawValue >= start, offset.rawValue <= snapshot.end else {
            throw LogStoreError(
                .offsetOutOfRange,
                "offset \(offset) of \(topic)-\(partition) is outside the log [\(start), \(snapshot.end)]")
        }
        guard offset.rawValue < snapshot.end else { return empty }
        var index = Self.segmentIndex(containing: offset.rawValue, in: snapshot.segments)
        while index < snapshot.segments.count {
            let segment = snapshot.segments[index]
            let size = snapshot.sizes[index]
            if let (position, _) = try locate(offset.rawValue, in: segment, size: size) {
                let count = Int(min(Int64(maxBytes), size - position))
                var records = try segment.read(at: position, count: max(count, 0))
                records = try completeFirstBatch(records, segment: segment, position: position, size: size)
                trimToWholeBatches(&records)
                return LogReadResult(records: records, highWatermark: empty.highWatermark, logStartOffset: empty.logStartOffset)
            }
            index += 1  // the offset lies past this segment's data (it rolled meanwhile)
        }
        return empty
    }

    /// Index of the last segment whose base offset is ≤ `offset`.
    static func segmentIndex(containing offset: Int64, in segments: [Segment]) -> Int {
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].baseOffset <= offset { low = mid + 1 } else { high = mid }
        }
        return max(0, low - 1)
    }

    /// Position and header of the batch holding `offset`, walking forward from the index.
    func locate(_ offset: Int64, in segment: Segment, size: Int64) throws -> (Int64, BatchLocation)? {
        let relative = UInt32(truncatingIfNeeded: max(0, offset - segment.baseOffset))
        let from = Int64(state.withLock { _ in segment.offsetIndex.position(atOrBefore: relative) })
        var found: BatchLocation?
        let scanner = SegmentScanner(
            segment: segment, fileSize: size, maxBatchBytes: settings.maxBatchBytes, verifyCRC: false, chunkBytes: 64 << 10)
        let (stop, _) = try scanner.scan(from: from, expectedOffset: nil) { location in
            if location.lastOffset >= offset {
                found = location
                return false
            }
            return true
        }
        if case .invalid(let position, let reason) = stop, found == nil {
            throw LogStoreError(.corruptSegment, "\(segment.logPath) is damaged at byte \(position): \(reason); run `rivulet doctor`")
        }
        return found.map { ($0.position, $0) }
    }

    /// Extends a read that cut its first batch short (maxBytes smaller than that batch).
    private func completeFirstBatch(_ records: ByteBuffer, segment: Segment, position: Int64, size: Int64) throws -> ByteBuffer {
        let declared: Int
        if let header = RecordBatchHeader.peek(records, at: records.readerIndex) {
            declared = header.totalSize
        } else {
            let head = try segment.read(at: position, count: Int(min(Int64(RecordBatchHeader.size), size - position)))
            guard let header = RecordBatchHeader.peek(head, at: head.readerIndex) else { return records }
            declared = header.totalSize
        }
        guard records.readableBytes < declared, position + Int64(declared) <= size else { return records }
        return try segment.read(at: position, count: declared)
    }

    /// Drops a partial batch at the end of a read.
    private func trimToWholeBatches(_ records: inout ByteBuffer) {
        var local = 0
        while let header = RecordBatchHeader.peek(records, at: records.readerIndex + local),
            local + header.totalSize <= records.readableBytes, header.totalSize >= RecordBatchHeader.size
        {
            local += header.totalSize
        }
        records.moveWriterIndex(to: records.readerIndex + local)
    }

    /// Returns once the record at `offset` exists (the log end is past it). Woken by
    /// appends, never by polling; throws `CancellationError` when the task is cancelled.
    public func waitForData(at offset: Offset) async throws {
        try await park(durable: false, threshold: offset.rawValue)
    }

    /// Returns once `offset` is on disk under the configured fsync policy. With `interval`
    /// and `none` the policy itself says appends do not wait, so this returns at once.
    public func waitUntilDurable(_ offset: Offset) async throws {
        switch settings.fsync {
        case .none, .interval: return
        case .always, .groupCommit:
            try await park(durable: true, threshold: offset.rawValue)
        }
    }

    /// Parks until the log end (or, with `durable`, the durable end) passes `threshold`.
    private func park(durable: Bool, threshold: Int64) async throws {
        let id = state.withLock { s in durable ? s.durableWaiters.makeID() : s.dataWaiters.makeID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { s in
                    if s.closed { return .failure(LogStoreError(.closed, "the log of \(topic)-\(partition) is closed")) }
                    if (durable ? s.durableOffset : s.logEndOffset) > threshold { return .success(()) }
                    let waiter = WaiterList.Waiter(id: id, threshold: threshold, continuation: continuation)
                    let parked = durable ? s.durableWaiters.add(waiter) : s.dataWaiters.add(waiter)
                    return parked ? nil : .failure(CancellationError())
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { s in durable ? s.durableWaiters.cancel(id) : s.dataWaiters.cancel(id) }?
                .continuation.resume(throwing: CancellationError())
        }
    }

    /// The first offset whose record timestamp is ≥ `timestamp` (ListOffsets by time),
    /// at batch granularity: the first batch whose max timestamp reaches it. Nil if none.
    public func offset(forTimestamp timestamp: Timestamp) throws -> (offset: Offset, timestamp: Timestamp)? {
        let snapshot = state.withLock { s in (s.segments, s.segments.map(\.size)) }
        for (segment, size) in zip(snapshot.0, snapshot.1) where segment.maxTimestamp >= timestamp.milliseconds {
            let start = state.withLock { _ in segment.timeIndex.searchStart(for: timestamp.milliseconds) }
            let startOffset = start.map { segment.baseOffset + Int64($0) + 1 } ?? segment.baseOffset
            guard let (position, _) = try locate(startOffset, in: segment, size: size) else { continue }
            var answer: BatchLocation?
            let scanner = SegmentScanner(segment: segment, fileSize: size, maxBatchBytes: settings.maxBatchBytes, verifyCRC: false)
            _ = try scanner.scan(from: position, expectedOffset: nil) { location in
                if location.maxTimestamp >= timestamp.milliseconds {
                    answer = location
                    return false
                }
                return true
            }
            if let answer { return (Offset(answer.baseOffset), Timestamp(milliseconds: answer.maxTimestamp)) }
        }
        return nil
    }

    /// Offset and value of the largest timestamp in the partition (ListOffsets max timestamp).
    public var maxTimestamp: (offset: Offset, timestamp: Timestamp)? {
        state.withLock { s in
            guard let best = s.segments.max(by: { $0.maxTimestamp < $1.maxTimestamp }), best.maxTimestamp >= 0 else { return nil }
            return (Offset(best.offsetOfMaxTimestamp), Timestamp(milliseconds: best.maxTimestamp))
        }
    }
}
