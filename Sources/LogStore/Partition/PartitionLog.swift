import KafkaProtocol
import Logging
import NIOCore
import RivuletCore
import Synchronization

/// What an append did: the offsets it assigned and when.
public struct AppendResult: Hashable, Sendable {
    public var baseOffset: Offset
    public var lastOffset: Offset
    public var batchCount: Int
    public var logAppendTime: Timestamp
}

/// One partition's log: a list of segments, the last one active.
///
/// Ownership: one lock guards the segment list, offsets and waiters; appends also hold an
/// append lock (one writer at a time, in offset order) and write to the file between two
/// short holds of the state lock; reads take a snapshot of segments and sizes under the
/// lock and read the files outside it. Records become readable as soon as they are written
/// (Kafka's high watermark on a single replica); `waitUntilDurable` is what makes an
/// acknowledgement mean "on disk".
public final class PartitionLog: Sendable {
    public let topic: String
    public let partition: Int32
    let directory: String
    let settings: LogStoreConfiguration
    let clock: any WallClock
    let logger: Logger
    let flusher: DurabilityFlusher?
    let state: Mutex<State>
    /// Held by an append from planning to publishing (and by `close`), so that appends
    /// write in offset order while the state lock is free during their file I/O.
    let appending = Mutex(())

    struct State {
        var segments: [Segment]
        var topicConfiguration: LogTopicConfiguration
        var logEndOffset: Int64
        var durableOffset: Int64
        var dataWaiters = WaiterList()
        var durableWaiters = WaiterList()
        var closed = false
    }

    init(
        topic: String, partition: Int32, directory: String, segments: [Segment],
        topicConfiguration: LogTopicConfiguration, settings: LogStoreConfiguration,
        clock: any WallClock, logger: Logger, flusher: DurabilityFlusher?
    ) {
        self.topic = topic
        self.partition = partition
        self.directory = directory
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.flusher = flusher
        let end = segments.last?.nextOffset ?? 0
        self.state = Mutex(State(segments: segments, topicConfiguration: topicConfiguration, logEndOffset: end, durableOffset: end))
    }

    public var logStartOffset: Offset { state.withLock { Offset($0.segments.first?.baseOffset ?? 0) } }
    /// Offset the next append gets; on a single replica also the high watermark.
    public var logEndOffset: Offset { state.withLock { Offset($0.logEndOffset) } }
    public var highWatermark: Offset { logEndOffset }
    /// One past the last offset known to be on disk.
    public var durableOffset: Offset { state.withLock { Offset($0.durableOffset) } }
    public var sizeInBytes: Int64 { state.withLock { $0.segments.reduce(0) { $0 + $1.size } } }
    public var segmentCount: Int { state.withLock { $0.segments.count } }
    public var topicConfiguration: LogTopicConfiguration {
        get { state.withLock { $0.topicConfiguration } }
    }

    func setTopicConfiguration(_ configuration: LogTopicConfiguration) {
        state.withLock { $0.topicConfiguration = configuration }
    }

    /// Appends one or more whole record batches (the `records` of a Produce request).
    /// Checks framing and CRCs first, so a bad batch is refused without writing anything;
    /// then assigns offsets by rewriting each batch's base offset as it writes them, in one
    /// call and without copying `records` (which usually shares storage with the request).
    public func append(_ records: ByteBuffer) throws -> AppendResult {
        let batches = try Self.validate(records, maxBatchBytes: settings.maxBatchBytes)
        guard !batches.isEmpty else { throw LogStoreError(.invalidBatch, "an append must hold at least one record batch") }
        let now = clock.wallTime()
        let (result, durableNow, wake) = try appending.withLock { _ -> (AppendResult, Bool, [WaiterList.Waiter]) in
            // Offsets and positions under the state lock; the write itself outside it, so that
            // readers and the flusher never wait (or spin) on file I/O. Readers see only what
            // is published below, and the append lock keeps appends in order.
            let (active, base, locations, baseOffsets) = try state.withLock { s in
                guard !s.closed else { throw LogStoreError(.closed, "the log of \(topic)-\(partition) is closed") }
                try settings.faultInjector?(.append)
                try rollIfNeeded(&s, incomingBytes: records.readableBytes, now: now.milliseconds)
                return Self.plan(batches, in: s.segments[s.segments.count - 1], base: s.logEndOffset)
            }
            try active.appendBatches(records, baseOffsets: baseOffsets)
            let next = locations.last.map { $0.lastOffset + 1 } ?? base
            var durableNow = false
            if settings.fsync == .always {
                try settings.faultInjector?(.fsync)
                try active.log.sync()
                durableNow = true
            }
            return state.withLock { s in
                for location in locations { active.track(location, indexIntervalBytes: settings.indexIntervalBytes) }
                if active.firstAppendWallTime == nil { active.firstAppendWallTime = now.milliseconds }
                s.logEndOffset = next
                if durableNow { s.durableOffset = next }
                let result = AppendResult(
                    baseOffset: Offset(base), lastOffset: Offset(next - 1), batchCount: batches.count, logAppendTime: now)
                return (result, durableNow, s.dataWaiters.take(reached: next))
            }
        }
        for waiter in wake { waiter.continuation.resume() }
        if !durableNow, let flusher { flusher.markDirty(self) }
        return result
    }

    /// Where each batch goes in `active` and the offsets it gets, from `base` on.
    private static func plan(
        _ batches: [ValidatedBatch], in active: Segment, base: Int64
    ) -> (Segment, Int64, [BatchLocation], [(start: Int, offset: Int64)]) {
        var next = base
        var locations: [BatchLocation] = []
        locations.reserveCapacity(batches.count)
        var baseOffsets: [(start: Int, offset: Int64)] = []
        baseOffsets.reserveCapacity(batches.count)
        var position = active.size
        for batch in batches {
            baseOffsets.append((batch.start, next))
            locations.append(BatchLocation(
                position: position, size: batch.size, baseOffset: next,
                lastOffset: next + Int64(batch.lastOffsetDelta), maxTimestamp: batch.maxTimestamp))
            position += Int64(batch.size)
            next += Int64(batch.lastOffsetDelta) + 1
        }
        return (active, base, locations, baseOffsets)
    }

    struct ValidatedBatch {
        var start: Int
        var size: Int
        var lastOffsetDelta: Int32
        var maxTimestamp: Int64
    }

    /// Splits `records` into batches with the protocol's own checks (framing, magic, CRC,
    /// counts), refusing the whole append on the first bad one.
    static func validate(_ records: ByteBuffer, maxBatchBytes: Int) throws -> [ValidatedBatch] {
        var sequence = RecordBatchSequence(records, options: .init(maxBatchBytes: maxBatchBytes, verifyCRC: true))
        var batches: [ValidatedBatch] = []
        var local = 0
        do {
            while let batch = try sequence.next() {
                batches.append(ValidatedBatch(
                    start: local, size: batch.totalSize, lastOffsetDelta: batch.header.lastOffsetDelta,
                    maxTimestamp: batch.maxTimestamp))
                local += batch.totalSize
            }
        } catch {
            let code: LogStoreError.Code = error.code == .lengthOutOfRange ? .batchTooLarge : .invalidBatch
            throw LogStoreError(code, "refused record batch: \(error.message)", cause: error)
        }
        return batches
    }

    /// Seals the active segment and starts a new one when the roll policy says so.
    private func rollIfNeeded(_ s: inout State, incomingBytes: Int, now: Int64) throws {
        let active = s.segments[s.segments.count - 1]
        let policy = SegmentRollPolicy(
            segmentBytes: s.topicConfiguration.segmentBytes,
            segmentAgeMilliseconds: s.topicConfiguration.segmentAgeMilliseconds)
        let room = Int64(UInt32.max) - (s.logEndOffset - active.baseOffset)
        guard policy.shouldRoll(
            activeSize: active.size, incomingBytes: incomingBytes, firstAppendWallTime: active.firstAppendWallTime,
            now: now, relativeOffsetRoom: room)
        else { return }
        try settings.faultInjector?(.roll)
        if settings.fsync != .none {
            try active.log.sync()
            s.durableOffset = max(s.durableOffset, active.nextOffset)
        }
        try active.writeIndexes()
        let next = try Segment(directory: directory, baseOffset: s.logEndOffset, create: true)
        try FileSystem.syncDirectory(directory)
        s.segments.append(next)
    }

    /// fsyncs what has been written and wakes durability waiters. Called by the flusher
    /// thread (group commit, interval) and on close.
    func syncWrittenData() throws {
        let (active, end) = state.withLock { s in (s.segments.last, s.logEndOffset) }
        var failure: LogStoreError?
        do {
            try settings.faultInjector?(.fsync)
            try active?.log.sync()
        } catch {
            failure = error as? LogStoreError ?? LogStoreError(.io, "fsync failed", cause: error)
        }
        let ready = state.withLock { s -> [WaiterList.Waiter] in
            if let failure {
                _ = failure
                return s.durableWaiters.takeAll()
            }
            s.durableOffset = max(s.durableOffset, end)
            return s.durableWaiters.take(reached: s.durableOffset)
        }
        for waiter in ready {
            if let failure { waiter.continuation.resume(throwing: failure) } else { waiter.continuation.resume() }
        }
        if let failure { throw failure }
    }

    var needsSync: Bool { state.withLock { $0.durableOffset < $0.logEndOffset && !$0.closed } }
}
