/// Sparse map from offsets to byte positions in one segment (Kafka's `.index`).
///
/// On disk: 8-byte entries, big-endian `relativeOffset: UInt32` (offset − segment base)
/// and `position: UInt32`, both strictly increasing. One entry per `indexIntervalBytes`
/// of log. The active segment's index lives in memory and is rebuilt by the recovery scan;
/// it is written when the segment is sealed.
struct OffsetIndex: Sendable {
    static let entrySize = 8
    private(set) var relativeOffsets: [UInt32] = []
    private(set) var positions: [UInt32] = []

    var count: Int { positions.count }
    var lastPosition: UInt32? { positions.last }

    mutating func append(relativeOffset: UInt32, position: UInt32) {
        if let last = relativeOffsets.last, relativeOffset <= last { return }
        if let last = positions.last, position <= last { return }
        relativeOffsets.append(relativeOffset)
        positions.append(position)
    }

    /// Position of the last indexed batch starting at or before `relativeOffset` (0 if none):
    /// a reader walks forward from there.
    func position(atOrBefore relativeOffset: UInt32) -> UInt32 {
        var low = 0
        var high = relativeOffsets.count
        while low < high {
            let mid = (low + high) / 2
            if relativeOffsets[mid] <= relativeOffset { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? 0 : positions[low - 1]
    }

    /// Drops entries pointing at or past `position` (after a truncation).
    mutating func truncate(atPosition position: UInt32) {
        while let last = positions.last, last >= position {
            positions.removeLast()
            relativeOffsets.removeLast()
        }
    }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * Self.entrySize)
        for i in 0..<count {
            bytes.appendBigEndian(relativeOffsets[i])
            bytes.appendBigEndian(positions[i])
        }
        return bytes
    }

    /// Decodes an index file, or nil when it is not a well-formed index for a log of
    /// `logSize` bytes (wrong length, entries not increasing, positions past the end).
    static func decode(_ bytes: [UInt8], logSize: Int64) -> OffsetIndex? {
        guard bytes.count % entrySize == 0 else { return nil }
        var index = OffsetIndex()
        index.relativeOffsets.reserveCapacity(bytes.count / entrySize)
        index.positions.reserveCapacity(bytes.count / entrySize)
        var i = 0
        while i < bytes.count {
            let relative = bytes.bigEndianUInt32(at: i)
            let position = bytes.bigEndianUInt32(at: i + 4)
            guard Int64(position) < logSize else { return nil }
            if let last = index.relativeOffsets.last, relative <= last { return nil }
            if let last = index.positions.last, position <= last { return nil }
            index.relativeOffsets.append(relative)
            index.positions.append(position)
            i += entrySize
        }
        return index
    }
}

/// Sparse map from record timestamps to offsets in one segment (Kafka's `.timeindex`).
///
/// On disk: 12-byte entries, big-endian `timestamp: Int64` (the largest timestamp seen so
/// far in the segment) and `relativeOffset: UInt32` (the last offset of the batch that
/// raised it); timestamps strictly increase. Every record before an entry's offset has a
/// timestamp ≤ the entry's, so a search for "first record at or after T" can start after
/// the last entry whose timestamp is below T.
struct TimeIndex: Sendable {
    static let entrySize = 12
    private(set) var timestamps: [Int64] = []
    private(set) var relativeOffsets: [UInt32] = []

    var count: Int { timestamps.count }

    mutating func append(timestamp: Int64, relativeOffset: UInt32) {
        if let last = timestamps.last, timestamp <= last { return }
        if let last = relativeOffsets.last, relativeOffset < last { return }
        timestamps.append(timestamp)
        relativeOffsets.append(relativeOffset)
    }

    /// The relative offset after which the first record with timestamp ≥ `target` lies:
    /// the offset of the last entry whose timestamp is below `target`, or nil to start at the base.
    func searchStart(for target: Int64) -> UInt32? {
        var low = 0
        var high = timestamps.count
        while low < high {
            let mid = (low + high) / 2
            if timestamps[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : relativeOffsets[low - 1]
    }

    mutating func truncate(afterRelativeOffset relative: UInt32?) {
        while let last = relativeOffsets.last, relative.map({ last > $0 }) ?? true {
            relativeOffsets.removeLast()
            timestamps.removeLast()
        }
    }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * Self.entrySize)
        for i in 0..<count {
            bytes.appendBigEndian(UInt64(bitPattern: timestamps[i]))
            bytes.appendBigEndian(relativeOffsets[i])
        }
        return bytes
    }

    /// Decodes a time index, or nil if malformed or pointing past `lastRelativeOffset`.
    static func decode(_ bytes: [UInt8], lastRelativeOffset: UInt32) -> TimeIndex? {
        guard bytes.count % entrySize == 0 else { return nil }
        var index = TimeIndex()
        var i = 0
        while i < bytes.count {
            let timestamp = Int64(bitPattern: bytes.bigEndianUInt64(at: i))
            let relative = bytes.bigEndianUInt32(at: i + 8)
            guard relative <= lastRelativeOffset else { return nil }
            if let last = index.timestamps.last, timestamp <= last { return nil }
            if let last = index.relativeOffsets.last, relative < last { return nil }
            index.timestamps.append(timestamp)
            index.relativeOffsets.append(relative)
            i += entrySize
        }
        return index
    }
}

extension [UInt8] {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        var big = value.bigEndian
        Swift.withUnsafeBytes(of: &big) { append(contentsOf: $0) }
    }

    func bigEndianUInt32(at i: Int) -> UInt32 {
        UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])
    }

    func bigEndianUInt64(at i: Int) -> UInt64 {
        UInt64(bigEndianUInt32(at: i)) << 32 | UInt64(bigEndianUInt32(at: i + 4))
    }
}
