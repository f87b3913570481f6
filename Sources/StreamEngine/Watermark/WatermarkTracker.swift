/// Event-time progress across source partitions (DESIGN §6):
/// per partition, the maximum event time seen minus the delay; the watermark is the minimum
/// of that over active partitions, and never moves back. A partition that delivers nothing
/// for `idleTimeout` of processing time becomes idle and stops holding the watermark back;
/// its next record makes it active again. When every partition is idle the watermark is the
/// largest partition value, so a stream that stops still closes its windows.
///
/// Partitions count only once they have delivered a record, as in Spark's Kafka source.
/// A pure struct: processing time comes in as arguments.
public struct WatermarkTracker: Hashable, Sendable {
    public struct Partition: Hashable, Sendable {
        public var id: Int32
        public var maxEventTime: Int64?
        public var lastActivity: ProcessingTime
        public var isIdle: Bool
        /// One past the last source offset consumed, for the checkpoint.
        public var nextOffset: Int64?
    }

    public let delayMilliseconds: Int64
    public let idleTimeoutMilliseconds: Int64
    public private(set) var partitions: [Partition] = []
    /// The current watermark in milliseconds; nil until a partition has data.
    public private(set) var current: Int64?
    /// The lowest `maxEventTime` over active partitions, cached so that a record only
    /// triggers a rescan when it raises the partition that held the minimum.
    private var activeMinimum: Int64?

    public init(delay: Duration, idleTimeout: Duration) {
        delayMilliseconds = max(0, delay.milliseconds)
        idleTimeoutMilliseconds = max(0, idleTimeout.milliseconds)
    }

    /// The dense index of a partition, adding it if new. Called once per batch.
    public mutating func index(of id: Int32, now: ProcessingTime) -> Int {
        if let i = partitions.firstIndex(where: { $0.id == id }) { return i }
        partitions.append(Partition(id: id, maxEventTime: nil, lastActivity: now, isIdle: false, nextOffset: nil))
        return partitions.count - 1
    }

    /// Marks a partition as having delivered data now; an idle partition becomes active.
    public mutating func touch(_ i: Int, now: ProcessingTime) {
        partitions[i].lastActivity = max(partitions[i].lastActivity, now)
        if partitions[i].isIdle {
            partitions[i].isIdle = false
            recompute()
        }
    }

    public mutating func recordOffset(_ i: Int, next: Int64) {
        partitions[i].nextOffset = max(partitions[i].nextOffset ?? next, next)
    }

    /// One event of partition `i`; returns true when the watermark advanced.
    @inline(__always)
    public mutating func observe(_ i: Int, eventTime t: Int64) -> Bool {
        let old = partitions[i].maxEventTime
        if let old, t <= old { return false }
        partitions[i].maxEventTime = t
        // Only a rise of the partition holding the minimum (or a first value) can move it.
        if old == nil || old == activeMinimum || activeMinimum == nil {
            return recompute()
        }
        return false
    }

    /// Releases partitions silent for `idleTimeout`; returns true when the watermark advanced.
    public mutating func checkIdle(now: ProcessingTime) -> Bool {
        var changed = false
        for i in partitions.indices where !partitions[i].isIdle && partitions[i].maxEventTime != nil {
            if now.milliseconds - partitions[i].lastActivity.milliseconds >= idleTimeoutMilliseconds {
                partitions[i].isIdle = true
                changed = true
            }
        }
        return changed ? recompute() : false
    }

    @discardableResult
    private mutating func recompute() -> Bool {
        var minimum: Int64?
        var maximum: Int64?
        for p in partitions {
            guard let m = p.maxEventTime else { continue }
            maximum = Swift.max(maximum ?? m, m)
            if !p.isIdle { minimum = Swift.min(minimum ?? m, m) }
        }
        activeMinimum = minimum
        guard let basis = minimum ?? maximum else { return false }
        let candidate = basis &- delayMilliseconds
        if let current, candidate <= current { return false }
        current = candidate
        return true
    }

    /// Restores partitions from a checkpoint: all start active at `now`, so an idle timeout
    /// is measured from the restart rather than from before it.
    mutating func restore(partitions saved: [Partition], watermark: Int64?, now: ProcessingTime) {
        partitions = saved.map {
            var p = $0
            p.lastActivity = now
            p.isIdle = false
            return p
        }
        current = watermark
        recompute()
    }
}
