/// Puts replies back into request order. Requests of one connection are numbered as they
/// arrive; replies may complete out of order (a parked Fetch, then a quick Metadata), but
/// Kafka clients match responses to requests by position, so each reply waits until every
/// earlier one has gone out. Pure; the connection handler owns it on its event loop.
struct ResponseSequencer<Reply> {
    private(set) var nextToRelease: UInt64 = 0
    private var waiting: [UInt64: Reply] = [:]

    /// Replies completed but held back behind an earlier one.
    var heldBack: Int { waiting.count }

    /// Records `reply` for request `sequence` and returns the replies now releasable, in order.
    /// A sequence already released or recorded is ignored.
    mutating func complete(_ sequence: UInt64, _ reply: Reply) -> [Reply] {
        guard sequence >= nextToRelease, waiting[sequence] == nil else { return [] }
        waiting[sequence] = reply
        var ready: [Reply] = []
        while let next = waiting.removeValue(forKey: nextToRelease) {
            ready.append(next)
            nextToRelease += 1
        }
        return ready
    }
}
