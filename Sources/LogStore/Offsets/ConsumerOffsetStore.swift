import Logging
import RivuletCore
import Synchronization

/// A committed position of a consumer group in one partition.
public struct CommittedOffset: Hashable, Sendable {
    public var offset: Offset
    public var leaderEpoch: Int32
    public var metadata: String?
    public var commitTimestamp: Timestamp

    public init(offset: Offset, leaderEpoch: Int32 = -1, metadata: String? = nil, commitTimestamp: Timestamp) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
    }
}

public struct GroupTopicPartition: Hashable, Sendable {
    public var group: String
    public var topic: String
    public var partition: Int32
    public init(group: String, topic: String, partition: Int32) {
        self.group = group
        self.topic = topic
        self.partition = partition
    }
}

/// Durable committed consumer-group offsets (Kafka's `__consumer_offsets`).
///
/// An append-only file of CRC-framed entries, one per committed partition (see
/// `OffsetEntryCodec`); a commit returns after its entries are fsynced. On open the file is
/// replayed and a torn tail dropped; when it holds many superseded entries it is rewritten
/// compactly (temp file, fsync, rename).
public final class ConsumerOffsetStore: Sendable {
    private let path: String
    private let directory: String
    private let faultInjector: (@Sendable (FaultPoint) throws -> Void)?
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var file: SegmentFile
        var size: Int64
        var entriesInFile: Int
        var offsets: [GroupTopicPartition: CommittedOffset]
    }

    private init(path: String, directory: String, file: SegmentFile, size: Int64, entries: Int,
                 offsets: [GroupTopicPartition: CommittedOffset], faultInjector: (@Sendable (FaultPoint) throws -> Void)?) {
        self.path = path
        self.directory = directory
        self.faultInjector = faultInjector
        self.state = Mutex(State(file: file, size: size, entriesInFile: entries, offsets: offsets))
    }

    static func open(directory: String, configuration: LogStoreConfiguration, clock: any WallClock, logger: Logger) throws -> ConsumerOffsetStore {
        try FileSystem.createDirectory(directory)
        let path = directory + "/offsets.log"
        let file = try SegmentFile(path: path, create: true)
        let bytes = try FileSystem.readAll(path, limit: 1 << 30)
        var offsets: [GroupTopicPartition: CommittedOffset] = [:]
        let (entries, validEnd) = OffsetEntryCodec.decodeAll(bytes) { key, value in offsets[key] = value }
        if validEnd < bytes.count {
            logger.warning("dropped a torn tail of the consumer offsets file",
                           metadata: ["file": "\(path)", "bytes_dropped": "\(bytes.count - validEnd)"])
            try file.truncate(to: Int64(validEnd))
            try file.sync()
        }
        return ConsumerOffsetStore(path: path, directory: directory, file: file, size: Int64(validEnd), entries: entries,
                                   offsets: offsets, faultInjector: configuration.faultInjector)
    }

    /// Durably records the offsets; all or nothing.
    public func commit(group: String, offsets: [(topic: String, partition: Int32, committed: CommittedOffset)]) throws {
        var bytes: [UInt8] = []
        for entry in offsets {
            OffsetEntryCodec.encode(GroupTopicPartition(group: group, topic: entry.topic, partition: entry.partition), entry.committed, into: &bytes)
        }
        try append(bytes) { s in
            for entry in offsets {
                s.offsets[GroupTopicPartition(group: group, topic: entry.topic, partition: entry.partition)] = entry.committed
            }
        }
    }

    /// Forgets every committed offset of `group` (DeleteGroups).
    public func deleteGroup(_ group: String) throws {
        let keys = state.withLock { s in s.offsets.keys.filter { $0.group == group } }
        guard !keys.isEmpty else { return }
        var bytes: [UInt8] = []
        for key in keys { OffsetEntryCodec.encodeTombstone(key, into: &bytes) }
        try append(bytes) { s in for key in keys { s.offsets[key] = nil } }
    }

    public func committed(group: String, topic: String, partition: Int32) -> CommittedOffset? {
        state.withLock { $0.offsets[GroupTopicPartition(group: group, topic: topic, partition: partition)] }
    }

    public func committedOffsets(group: String) -> [GroupTopicPartition: CommittedOffset] {
        state.withLock { s in s.offsets.filter { $0.key.group == group } }
    }

    public var groups: [String] { state.withLock { Set($0.offsets.keys.map(\.group)).sorted() } }

    private func append(_ bytes: [UInt8], apply: (inout State) -> Void) throws {
        try state.withLock { (s) in
            try faultInjector?(.offsetsCommit)
            let start = s.size
            do {
                try bytes.withUnsafeBytes { (raw) in try s.file.write(raw, at: start) }
                try s.file.sync()
            } catch {
                try? s.file.truncate(to: start)
                throw error
            }
            s.size += Int64(bytes.count)
            s.entriesInFile += 1
            apply(&s)
            if s.entriesInFile > 2 * s.offsets.count + 1024 { try compact(&s) }
        }
    }

    /// Rewrites the file with only the live entries.
    private func compact(_ s: inout State) throws {
        var bytes: [UInt8] = []
        for (key, value) in s.offsets { OffsetEntryCodec.encode(key, value, into: &bytes) }
        try FileSystem.writeAtomically(bytes, to: path)
        s.file = try SegmentFile(path: path, create: false)
        s.size = Int64(bytes.count)
        s.entriesInFile = s.offsets.count
    }
}
