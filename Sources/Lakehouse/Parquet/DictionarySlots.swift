/// The dictionary encoder's hash table: open addressing with linear probing over 64-bit
/// slots, grown at half load. A slot holds the top 32 bits of its entry's hash over the
/// entry's index + 1 (0 is empty), so a probe rejects almost every other entry without
/// looking at its value, and growing needs nothing but the slots (the home position is taken
/// from those same top bits).
///
/// A struct over raw memory because it is probed once per value: no bounds or uniqueness
/// checks and no reference counting in the loop. Its owner calls `deallocate()`.
struct DictionarySlots {
    private var slots: UnsafeMutablePointer<UInt64>
    private var bits: Int
    /// Entries inserted so far; they are numbered `0..<count` in insertion order.
    private(set) var count = 0

    init(bits: Int = 10) {
        self.bits = bits
        slots = .allocate(capacity: 1 << bits)
        slots.initialize(repeating: 0, count: 1 << bits)
    }

    func deallocate() { slots.deallocate() }

    /// The index of the entry whose hash is `hash` and that `matches` accepts; otherwise
    /// `hash` becomes entry `count` and that index is returned with `inserted` set.
    @inline(__always)
    mutating func find(_ hash: UInt64, _ matches: (Int) -> Bool) -> (index: Int, inserted: Bool) {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = (1 << bits) &- 1
        var h = Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
        while true {
            let s = slots[h]
            if s == 0 { return (insert(tag, at: h), true) }
            if s & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) &- 1
                if matches(e) { return (e, false) }
            }
            h = (h &+ 1) & mask
        }
    }

    private mutating func insert(_ tag: UInt64, at h: Int) -> Int {
        slots[h] = tag | UInt64(count + 1)
        count += 1
        if count * 2 > 1 << bits { grow() }
        return count - 1
    }

    private mutating func grow() {
        let old = slots
        let oldSize = 1 << bits
        bits += 1
        let mask = (1 << bits) - 1
        slots = .allocate(capacity: 1 << bits)
        slots.initialize(repeating: 0, count: 1 << bits)
        for i in 0..<oldSize where old[i] != 0 {
            var h = Int(truncatingIfNeeded: old[i] >> UInt64(64 - bits))
            while slots[h] != 0 { h = (h + 1) & mask }
            slots[h] = old[i]
        }
        old.deallocate()
    }
}
