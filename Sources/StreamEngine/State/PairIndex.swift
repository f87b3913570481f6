/// A hash index from (group id, window start) to a window slot, for tumbling and hopping
/// windows. Open addressing with linear probing and backward-shift deletion, so no
/// tombstones build up as windows open and close all day.
///
/// The table holds slot numbers only: a slot's group and start are read from the
/// `WindowStore` it indexes. That is 4 bytes a bucket instead of 16, a quarter of the index
/// for a million open windows, and costs nothing where it matters, because most records
/// find their window through the per-group cache and never probe here.
struct PairIndex: Sendable {
    /// Slot + 1; 0 is empty.
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    /// Bytes allocated for the index, for memory accounting.
    var allocatedBytes: Int { slots.capacity * 4 }

    init() {
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
    private func home(of slot: Int32, in store: WindowStore) -> Int {
        home(store.group[Int(slot)], store.start[Int(slot)])
    }

    /// The bucket holding (g, s), or the empty bucket where it would go.
    @inline(__always)
    private func bucket(group g: Int32, start s: Int64, in store: WindowStore) -> Int {
        var i = home(g, s)
        while slots[i] != 0 {
            let slot = Int(slots[i] - 1)
            if store.group[slot] == g, store.start[slot] == s { return i }
            i = (i + 1) & mask
        }
        return i
    }

    @inline(__always)
    func find(group g: Int32, start s: Int64, in store: WindowStore) -> Int32? {
        let i = bucket(group: g, start: s, in: store)
        return slots[i] == 0 ? nil : slots[i] - 1
    }

    /// Indexes `slot` under the group and start the store holds for it, replacing a slot
    /// indexed under the same pair.
    mutating func insert(_ slot: Int32, in store: WindowStore) {
        if (count + 1) * 2 > mask { grow(store) }
        let i = bucket(group: store.group[Int(slot)], start: store.start[Int(slot)], in: store)
        if slots[i] == 0 { count += 1 }
        slots[i] = slot + 1
    }

    /// Removes `slot`; call it while the store still holds the slot's group and start.
    mutating func remove(_ slot: Int32, in store: WindowStore) {
        let i = bucket(group: store.group[Int(slot)], start: store.start[Int(slot)], in: store)
        guard slots[i] == slot + 1 else { return }
        slots[i] = 0
        count -= 1
        // Backward shift: move later entries of the probe run into the hole when allowed.
        var hole = i
        var j = (i + 1) & mask
        while slots[j] != 0 {
            let h = home(of: slots[j] - 1, in: store)
            let between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j)
            if !between {
                slots[hole] = slots[j]
                slots[j] = 0
                hole = j
            }
            j = (j + 1) & mask
        }
    }

    private mutating func grow(_ store: WindowStore) {
        let old = slots
        slots = Array(repeating: 0, count: (mask + 1) * 2)
        mask = slots.count - 1
        for entry in old where entry != 0 {
            var i = home(of: entry - 1, in: store)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = entry
        }
    }
}
