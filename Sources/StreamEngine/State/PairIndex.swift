/// A hash index from (group id, window start) to a window slot, for tumbling and hopping
/// windows. Open addressing with linear probing and backward-shift deletion, so no
/// tombstones build up as windows open and close all day.
struct PairIndex: Sendable {
    private var groups: [Int32]
    private var starts: [Int64]
    /// Slot + 1; 0 is empty.
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    /// Bytes allocated for the index, for memory accounting.
    var allocatedBytes: Int { groups.capacity * 4 + starts.capacity * 8 + slots.capacity * 4 }

    init() {
        groups = Array(repeating: 0, count: 64)
        starts = Array(repeating: 0, count: 64)
        slots = Array(repeating: 0, count: 64)
        mask = 63
    }

    @inline(__always)
    private func home(_ g: Int32, _ s: Int64) -> Int {
        var h = UInt64(bitPattern: s) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: g))
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h ^ (h >> 32)) & mask
    }

    @inline(__always)
    func find(group g: Int32, start s: Int64) -> Int32? {
        var i = home(g, s)
        while slots[i] != 0 {
            if groups[i] == g, starts[i] == s { return slots[i] - 1 }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(group g: Int32, start s: Int64, slot: Int32) {
        if (count + 1) * 2 > mask { grow() }
        var i = home(g, s)
        while slots[i] != 0 {
            if groups[i] == g, starts[i] == s {
                slots[i] = slot + 1
                return
            }
            i = (i + 1) & mask
        }
        groups[i] = g
        starts[i] = s
        slots[i] = slot + 1
        count += 1
    }

    mutating func remove(group g: Int32, start s: Int64) {
        var i = home(g, s)
        while slots[i] != 0 {
            if groups[i] == g, starts[i] == s { break }
            i = (i + 1) & mask
        }
        guard slots[i] != 0 else { return }
        slots[i] = 0
        count -= 1
        // Backward shift: move later entries of the probe run into the hole when allowed.
        var hole = i
        var j = (i + 1) & mask
        while slots[j] != 0 {
            let h = home(groups[j], starts[j])
            let between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j)
            if !between {
                groups[hole] = groups[j]
                starts[hole] = starts[j]
                slots[hole] = slots[j]
                slots[j] = 0
                hole = j
            }
            j = (j + 1) & mask
        }
    }

    private mutating func grow() {
        let oldGroups = groups, oldStarts = starts, oldSlots = slots
        let size = (mask + 1) * 2
        groups = Array(repeating: 0, count: size)
        starts = Array(repeating: 0, count: size)
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        count = 0
        for k in 0..<oldSlots.count where oldSlots[k] != 0 {
            insert(group: oldGroups[k], start: oldStarts[k], slot: oldSlots[k] - 1)
        }
    }
}
