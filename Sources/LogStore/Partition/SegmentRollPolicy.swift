/// Decides when the active segment is sealed and a new one started (Kafka's segment.bytes
/// and segment.ms). Pure so that tests can check it without files.
struct SegmentRollPolicy: Sendable {
    var segmentBytes: Int64
    var segmentAgeMilliseconds: Int64

    /// An empty segment never rolls; a batch larger than a whole segment gets one to itself.
    func shouldRoll(activeSize: Int64, incomingBytes: Int, firstAppendWallTime: Int64?, now: Int64, relativeOffsetRoom: Int64) -> Bool {
        guard activeSize > 0 else { return false }
        if activeSize + Int64(incomingBytes) > segmentBytes { return true }
        // Index entries hold 32-bit relative offsets and positions.
        if relativeOffsetRoom <= 0 || activeSize + Int64(incomingBytes) >= Int64(UInt32.max) { return true }
        if let first = firstAppendWallTime, now - first >= segmentAgeMilliseconds { return true }
        return false
    }
}
