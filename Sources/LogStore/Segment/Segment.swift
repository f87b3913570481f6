import KafkaProtocol
import NIOCore

/// Where one batch sits in a segment, as the scanner and the appender see it.
struct BatchLocation: Sendable {
    var position: Int64
    var size: Int
    var baseOffset: Int64
    var lastOffset: Int64
    var maxTimestamp: Int64
}

/// One segment: `<base offset>.log` holding whole record batches back to back, exactly as
/// Kafka lays them out, with its sparse `.index` and `.timeindex`.
///
/// Owned by its `PartitionLog`: all mutation happens under the partition's lock. Readers
/// keep a reference and read the file directly, up to a size they took under that lock.
final class Segment: @unchecked Sendable {
    let baseOffset: Int64
    let directory: String
    let log: SegmentFile
    private(set) var size: Int64
    /// One past the last offset stored here.
    private(set) var nextOffset: Int64
    private(set) var offsetIndex = OffsetIndex()
    private(set) var timeIndex = TimeIndex()
    /// Largest record timestamp in the segment, and the last offset of the batch holding it.
    private(set) var maxTimestamp: Int64 = -1
    private(set) var offsetOfMaxTimestamp: Int64 = -1
    private var bytesSinceIndexEntry = 0
    /// Wall time of the first append since this segment was created or opened (segment age).
    var firstAppendWallTime: Int64?

    static func fileName(_ baseOffset: Int64, _ suffix: String) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    var logPath: String { directory + "/" + Self.fileName(baseOffset, ".log") }
    var indexPath: String { directory + "/" + Self.fileName(baseOffset, ".index") }
    var timeIndexPath: String { directory + "/" + Self.fileName(baseOffset, ".timeindex") }
    var isEmpty: Bool { size == 0 }

    init(directory: String, baseOffset: Int64, create: Bool) throws {
        self.directory = directory
        self.baseOffset = baseOffset
        self.log = try SegmentFile(path: directory + "/" + Self.fileName(baseOffset, ".log"), create: create)
        self.size = try log.size()
        self.nextOffset = baseOffset
    }

    /// Records a batch that is now in the file at `location` (appended or found by recovery).
    func track(_ location: BatchLocation, indexIntervalBytes: Int) {
        let relative = UInt32(truncatingIfNeeded: location.baseOffset - baseOffset)
        if offsetIndex.count == 0 || bytesSinceIndexEntry >= indexIntervalBytes {
            offsetIndex.append(relativeOffset: relative, position: UInt32(truncatingIfNeeded: location.position))
            bytesSinceIndexEntry = 0
        }
        bytesSinceIndexEntry += location.size
        if location.maxTimestamp > maxTimestamp {
            maxTimestamp = location.maxTimestamp
            offsetOfMaxTimestamp = location.lastOffset
            timeIndex.append(
                timestamp: location.maxTimestamp,
                relativeOffset: UInt32(truncatingIfNeeded: location.lastOffset - baseOffset))
        }
        size = max(size, location.position + Int64(location.size))
        nextOffset = location.lastOffset + 1
    }

    /// Writes one or more whole batches at the end of the file, each with its base offset
    /// (its first 8 bytes) replaced by the one given for the batch starting at `start`
    /// (relative to the readable bytes), in one gathered write: the caller's bytes are
    /// neither copied nor changed. On failure the file is cut back so that a partial write
    /// never becomes visible.
    func appendBatches(_ bytes: ByteBuffer, baseOffsets: [(start: Int, offset: Int64)]) throws {
        let start = size
        let prefixes = baseOffsets.map { UInt64(bitPattern: $0.offset).bigEndian }
        do {
            try bytes.withUnsafeReadableBytes { (raw) in
                try prefixes.withUnsafeBytes { (prefixBytes) in
                    var parts: [UnsafeRawBufferPointer] = []
                    parts.reserveCapacity(baseOffsets.count * 2 + 1)
                    var cursor = 0
                    for (i, batch) in baseOffsets.enumerated() where batch.start >= cursor && batch.start + 8 <= raw.count {
                        parts.append(UnsafeRawBufferPointer(rebasing: raw[cursor..<batch.start]))
                        parts.append(UnsafeRawBufferPointer(rebasing: prefixBytes[(i * 8)..<(i * 8 + 8)]))
                        cursor = batch.start + 8
                    }
                    parts.append(UnsafeRawBufferPointer(rebasing: raw[cursor...]))
                    try log.write(parts, at: start)
                }
            }
        } catch {
            try? log.truncate(to: start)
            throw error
        }
    }

    /// Cuts the segment to `position` (recovery of a torn tail) and forgets what lay beyond.
    func truncate(to position: Int64, nextOffset: Int64) throws {
        try log.truncate(to: position)
        size = position
        self.nextOffset = nextOffset
        offsetIndex.truncate(atPosition: UInt32(truncatingIfNeeded: position))
        timeIndex.truncate(afterRelativeOffset: nextOffset > baseOffset ? UInt32(nextOffset - baseOffset - 1) : nil)
    }

    /// Replaces the in-memory indexes with ones loaded from disk for a sealed segment.
    func adopt(offsetIndex: OffsetIndex, timeIndex: TimeIndex, nextOffset: Int64, maxTimestamp: Int64, offsetOfMax: Int64) {
        self.offsetIndex = offsetIndex
        self.timeIndex = timeIndex
        self.nextOffset = nextOffset
        self.maxTimestamp = maxTimestamp
        self.offsetOfMaxTimestamp = offsetOfMax
    }

    func resetIndexes() {
        offsetIndex = OffsetIndex()
        timeIndex = TimeIndex()
        bytesSinceIndexEntry = 0
        maxTimestamp = -1
        offsetOfMaxTimestamp = -1
        nextOffset = baseOffset
    }

    /// Writes both index files (sealing): temp, fsync, rename, so a crash leaves either the
    /// old state (rebuilt on open) or a complete index.
    func writeIndexes() throws {
        try FileSystem.writeAtomically(offsetIndex.encoded(), to: indexPath)
        try FileSystem.writeAtomically(timeIndex.encoded(), to: timeIndexPath)
    }

    func removeFiles() throws {
        try FileSystem.remove(logPath)
        try FileSystem.remove(indexPath)
        try FileSystem.remove(timeIndexPath)
    }

    /// Reads `count` bytes at `position` into a new buffer.
    func read(at position: Int64, count: Int) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        let file = log
        let read = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { (raw) in
            try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<count]), at: position)
        }
        _ = read
        return buffer
    }
}
