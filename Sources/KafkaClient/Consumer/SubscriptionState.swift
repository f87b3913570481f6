import RivuletCore

/// What the consumer reads and where it stands, per assigned partition. Pure; the consumer
/// keeps it under a mutex shared by the fetcher, the group loop and the record iterator.
///
/// `position` is the next offset to fetch (the fetcher moves it as responses arrive);
/// `consumed` is the next offset the application will be given (moved as it iterates) and
/// is what commits carry. `epoch` changes on every seek, pause or reassignment, so fetched
/// chunks from before are recognised as stale and dropped.
struct SubscriptionState: Sendable {
    struct Partition: Sendable {
        var position: Offset?
        var consumed: Offset?
        var paused = false
        var epoch: UInt64
        /// Changes when the fetcher goes back to a batch that failed to decode, so that records
        /// fetched past it meanwhile are dropped (records already handed out stay valid).
        var fetchGeneration: UInt64 = 0
        /// Where to start when `position` is nil: committed offset first (groups), then this.
        var reset: OffsetSpec?
    }

    enum Mode: Sendable, Equatable {
        case none
        case subscribed([String])
        case assigned
    }

    private(set) var mode: Mode = .none
    private var partitions: [TopicPartition: Partition] = [:]
    /// The partition the application is being given records of, and its consumed offset not
    /// yet written to `partitions`: record after record of one chunk then costs no lookup.
    /// Set only while that partition has `epoch` and is not paused: every change of epoch,
    /// pause or assignment settles it first, and reads of `consumed` take it into account.
    private var reading: (tp: TopicPartition, epoch: UInt64, next: Offset)?
    private var nextEpoch: UInt64 = 1
    var generationID: Int32 = -1
    var memberID = ""

    var assignment: [TopicPartition] { partitions.keys.sorted() }

    mutating func subscribe(_ topics: [String]) {
        mode = .subscribed(topics.sorted())
    }

    /// Writes the consumed offset of the partition being read back to `partitions`.
    private mutating func settle() {
        guard let r = reading else { return }
        reading = nil
        if partitions[r.tp]?.epoch == r.epoch { partitions[r.tp]?.consumed = r.next }
    }

    mutating func assignManually(_ tps: [TopicPartition]) {
        mode = .assigned
        setAssignment(tps)
    }

    /// Replaces the assignment; partitions kept keep their positions.
    mutating func setAssignment(_ tps: [TopicPartition]) {
        settle()
        var next: [TopicPartition: Partition] = [:]
        for tp in tps {
            next[tp] = partitions[tp] ?? Partition(epoch: takeEpoch())
        }
        partitions = next
    }

    mutating func clearAssignment() {
        reading = nil
        partitions = [:]
    }

    private mutating func takeEpoch() -> UInt64 {
        defer { nextEpoch += 1 }
        return nextEpoch
    }

    func partition(_ tp: TopicPartition) -> Partition? {
        guard var p = partitions[tp] else { return nil }
        if let r = reading, r.epoch == p.epoch, r.tp == tp { p.consumed = r.next }
        return p
    }

    /// Partitions whose starting offset is still unknown.
    var needingPosition: [TopicPartition] {
        partitions.filter { $0.value.position == nil }.map(\.key).sorted()
    }

    /// Partitions to fetch now with their offsets and epochs.
    var fetchable: [(TopicPartition, Offset, UInt64)] {
        partitions.compactMap { tp, p in
            guard !p.paused, let position = p.position else { return nil }
            return (tp, position, p.epoch)
        }.sorted { $0.0 < $1.0 }
    }

    mutating func seek(_ tp: TopicPartition, to offset: Offset) {
        guard partitions[tp] != nil else { return }
        settle()
        partitions[tp]?.position = offset
        partitions[tp]?.consumed = offset
        partitions[tp]?.reset = nil
        let epoch = takeEpoch()
        partitions[tp]?.epoch = epoch
    }

    /// Forgets the position so that the fetcher resolves it again with `spec`.
    mutating func requestReset(_ tp: TopicPartition, to spec: OffsetSpec?) {
        guard partitions[tp] != nil else { return }
        settle()
        partitions[tp]?.position = nil
        partitions[tp]?.reset = spec
        let epoch = takeEpoch()
        partitions[tp]?.epoch = epoch
    }

    /// The fetcher got records up to `nextOffset` for a fetch made at `epoch` from `from`.
    /// False when the partition was sought, paused or revoked meanwhile (drop the data).
    mutating func advanceFetched(_ tp: TopicPartition, epoch: UInt64, from: Offset, to nextOffset: Offset) -> Bool {
        guard let p = partitions[tp], p.epoch == epoch, p.position == from else { return false }
        partitions[tp]?.position = nextOffset
        return true
    }

    /// Records fetched from `offset` at `epoch` failed to decode: fetch them again (and drop
    /// whatever was fetched after them), unless the partition was sought or revoked meanwhile.
    mutating func rewindFetched(_ tp: TopicPartition, epoch: UInt64, to offset: Offset) {
        guard let p = partitions[tp], p.epoch == epoch else { return }
        partitions[tp]?.position = offset
        partitions[tp]?.fetchGeneration = p.fetchGeneration &+ 1
    }

    /// The application received the record at `offset`; false when the chunk is stale.
    mutating func consumed(_ tp: TopicPartition, epoch: UInt64, offset: Offset) -> Bool {
        // Called per record. Epochs are never reused, even across partitions, so the epoch
        // alone says the record is of the partition being read, which is still current.
        if reading?.epoch == epoch {
            reading?.next = offset + 1
            return true
        }
        settle()
        guard let p = partitions[tp], p.epoch == epoch, !p.paused else { return false }
        reading = (tp, epoch, offset + 1)
        return true
    }

    mutating func setPaused(_ tp: TopicPartition, _ paused: Bool) {
        settle()
        guard let p = partitions[tp], p.paused != paused else { return }
        partitions[tp]?.paused = paused
        if paused {
            // Data already buffered for it is dropped; fetching resumes from what was consumed.
            let epoch = takeEpoch()
            partitions[tp]?.epoch = epoch
            if let consumed = p.consumed { partitions[tp]?.position = consumed }
        }
    }

    /// Offsets to commit: the next offset to consume on every partition that has one.
    var consumedOffsets: [TopicPartition: Offset] {
        var offsets = partitions.compactMapValues(\.consumed)
        if let r = reading { offsets[r.tp] = r.next }
        return offsets
    }
}
