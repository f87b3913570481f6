import KafkaProtocol
import Logging
import RivuletCore

extension PartitionLog {
    /// Opens (or creates) the partition in `directory`.
    ///
    /// Recovery: the tail segment is scanned from its start with CRC checks and cut back to
    /// the last whole, valid batch (a torn write after a crash), and its indexes are rebuilt
    /// in memory. Sealed segments were fsynced when they rolled: their index files are
    /// checked and rebuilt if missing or stale, and the batches after the last index entry
    /// are verified. A sealed segment that does not end on a batch boundary, or a gap in
    /// offsets between segments, is reported as `corruptSegment` naming the file.
    static func open(
        topic: String, partition: Int32, directory: String, topicConfiguration: LogTopicConfiguration,
        settings: LogStoreConfiguration, clock: any WallClock, logger: Logger, flusher: DurabilityFlusher?
    ) throws -> PartitionLog {
        try FileSystem.createDirectory(directory)
        let names = try FileSystem.list(directory)
        for name in names where name.hasSuffix(".tmp") { try FileSystem.remove(directory + "/" + name) }
        let bases = names.compactMap { name -> Int64? in
            guard name.hasSuffix(".log"), name.count == 24 else { return nil }
            return Int64(name.dropLast(4))
        }.sorted()
        var segments: [Segment] = []
        for (i, base) in bases.enumerated() {
            let segment = try Segment(directory: directory, baseOffset: base, create: false)
            if i == bases.count - 1 {
                try recoverTail(segment, settings: settings, logger: logger, name: "\(topic)-\(partition)")
            } else {
                try loadSealed(segment, settings: settings, logger: logger)
            }
            if let previous = segments.last, previous.nextOffset != segment.baseOffset {
                throw LogStoreError(
                    .corruptSegment,
                    "\(segment.logPath) starts at offset \(segment.baseOffset) but the segment before it ends at \(previous.nextOffset - 1); the log has a gap")
            }
            segments.append(segment)
        }
        if segments.isEmpty {
            segments.append(try Segment(directory: directory, baseOffset: 0, create: true))
            try FileSystem.syncDirectory(directory)
        }
        return PartitionLog(
            topic: topic, partition: partition, directory: directory, segments: segments,
            topicConfiguration: topicConfiguration, settings: settings, clock: clock, logger: logger, flusher: flusher)
    }

    /// Scans the whole tail segment and truncates anything after the last valid batch.
    static func recoverTail(_ segment: Segment, settings: LogStoreConfiguration, logger: Logger, name: String) throws {
        segment.resetIndexes()
        let size = segment.size
        let scanner = SegmentScanner(segment: segment, fileSize: size, maxBatchBytes: settings.maxBatchBytes, verifyCRC: true)
        let (stop, end) = try scanner.scan(from: 0, expectedOffset: segment.baseOffset) { location in
            segment.track(location, indexIntervalBytes: settings.indexIntervalBytes)
            return true
        }
        if case .invalid(let position, let reason) = stop {
            logger.warning(
                "recovery truncated a torn or corrupt tail",
                metadata: [
                    "partition": "\(name)", "file": "\(segment.logPath)", "position": "\(position)",
                    "bytes_dropped": "\(size - end)", "reason": "\(reason)",
                ])
            try segment.truncate(to: end, nextOffset: segment.nextOffset)
            try segment.log.sync()
        }
        // Index files of the tail are stale by definition; they are rewritten when it seals.
        try FileSystem.remove(segment.indexPath)
        try FileSystem.remove(segment.timeIndexPath)
    }

    /// Loads a sealed segment's indexes, rebuilding them when missing or inconsistent.
    static func loadSealed(_ segment: Segment, settings: LogStoreConfiguration, logger: Logger) throws {
        let size = segment.size
        let scanner = SegmentScanner(segment: segment, fileSize: size, maxBatchBytes: settings.maxBatchBytes, verifyCRC: true)
        let limit = Int(min(size / Int64(RecordBatchHeader.size) + 1, Int64(Int32.max))) * TimeIndex.entrySize
        if let offsets = try? FileSystem.readAll(segment.indexPath, limit: limit),
            let offsetIndex = OffsetIndex.decode(offsets, logSize: size),
            let times = try? FileSystem.readAll(segment.timeIndexPath, limit: limit),
            let lastIndexed = offsetIndex.lastPosition
        {
            // Verify the index points at real batches and the tail after it is whole.
            var nextOffset: Int64 = -1
            var tailMax: (Int64, Int64) = (-1, -1)
            let (stop, _) = try scanner.scan(from: Int64(lastIndexed), expectedOffset: nil) { location in
                nextOffset = location.lastOffset + 1
                if location.maxTimestamp > tailMax.0 { tailMax = (location.maxTimestamp, location.lastOffset) }
                return true
            }
            if stop == .end, nextOffset > segment.baseOffset,
                let timeIndex = TimeIndex.decode(times, lastRelativeOffset: UInt32(truncatingIfNeeded: nextOffset - 1 - segment.baseOffset)),
                indexEntriesPointAtBatches(offsetIndex, segment: segment)
            {
                let indexedMax = timeIndex.timestamps.last ?? -1
                let max = tailMax.0 > indexedMax
                    ? tailMax : (indexedMax, segment.baseOffset + Int64(timeIndex.relativeOffsets.last ?? 0))
                segment.adopt(offsetIndex: offsetIndex, timeIndex: timeIndex, nextOffset: nextOffset, maxTimestamp: max.0, offsetOfMax: max.1)
                return
            }
        }
        logger.info("rebuilding indexes of a sealed segment", metadata: ["file": "\(segment.logPath)"])
        segment.resetIndexes()
        let (stop, _) = try scanner.scan(from: 0, expectedOffset: segment.baseOffset) { location in
            segment.track(location, indexIntervalBytes: settings.indexIntervalBytes)
            return true
        }
        if case .invalid(let position, let reason) = stop {
            throw LogStoreError(
                .corruptSegment,
                "\(segment.logPath) is damaged at byte \(position) (\(reason)); it is a sealed segment, so the records after that point cannot be recovered automatically. Move the file aside to start the partition after it, or restore it from a copy")
        }
        try segment.writeIndexes()
    }

    /// Spot-checks that index entries land on batch headers with the expected offsets.
    private static func indexEntriesPointAtBatches(_ index: OffsetIndex, segment: Segment) -> Bool {
        for i in 0..<index.count {
            guard let head = try? segment.read(at: Int64(index.positions[i]), count: RecordBatchHeader.size),
                let header = RecordBatchHeader.peek(head, at: head.readerIndex),
                header.magic == RecordBatchHeader.magicV2,
                header.baseOffset == segment.baseOffset + Int64(index.relativeOffsets[i])
            else { return false }
        }
        return true
    }
}
