import RivuletCore

extension PartitionLog {
    /// Deletes whole segments past the topic's retention time or size; never the active one.
    /// Returns how many were deleted. Readers holding a deleted segment finish their read.
    @discardableResult
    public func applyRetention() throws -> Int {
        let now = clock.wallTime().milliseconds
        let doomed = state.withLock { s -> [Segment] in
            let config = s.topicConfiguration
            var total = s.segments.reduce(Int64(0)) { $0 + $1.size }
            var removed: [Segment] = []
            while s.segments.count > 1 {
                let oldest = s.segments[0]
                let expired = config.retentionMilliseconds.map { oldest.maxTimestamp >= 0 && oldest.maxTimestamp < now - $0 } ?? false
                let oversized = config.retentionBytes.map { total - oldest.size >= $0 } ?? false
                guard expired || oversized else { break }
                total -= oldest.size
                removed.append(s.segments.removeFirst())
            }
            return removed
        }
        for segment in doomed { try segment.removeFiles() }
        if !doomed.isEmpty {
            try FileSystem.syncDirectory(directory)
            logger.info(
                "retention deleted segments",
                metadata: ["partition": "\(topic)-\(partition)", "segments": "\(doomed.count)", "log_start_offset": "\(logStartOffset)"])
        }
        return doomed.count
    }

    /// Flushes, writes the active segment's indexes and fails every waiter. Idempotent.
    func close() throws {
        // The append lock first: an append in progress finishes its write before the close.
        let (active, waiters) = appending.withLock { _ in
            state.withLock { s -> (Segment?, [WaiterList.Waiter]) in
                guard !s.closed else { return (nil, []) }
                s.closed = true
                return (s.segments.last, s.dataWaiters.takeAll() + s.durableWaiters.takeAll())
            }
        }
        let closedError = LogStoreError(.closed, "the log of \(topic)-\(partition) was closed")
        for waiter in waiters { waiter.continuation.resume(throwing: closedError) }
        guard let active else { return }
        try active.log.sync()
        state.withLock { $0.durableOffset = $0.logEndOffset }
    }

    /// Removes the partition's files (topic deletion); the log must be closed first.
    func removeFiles() throws {
        try FileSystem.removeTree(directory)
    }
}
