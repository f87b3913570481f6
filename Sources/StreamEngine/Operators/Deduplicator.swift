/// Drops repeated events: two rows are the same event when their key fields are equal and
/// their event times are at most `within` apart. A key is remembered from its first event
/// until the watermark passes that event's time + `within`, and never more than `maxKeys`
/// keys are held (the oldest go first), so memory stays bounded whatever the key space.
///
/// Keys are kept as two independent 64-bit hashes of the key values (a false match needs
/// both to collide: about 2⁻¹²⁸ per pair), computed per distinct string per batch.
/// A pure struct; its state goes into the pass-through checkpoint.
struct Deduplicator: Sendable {
    struct Key: Hashable, Sendable {
        var a: UInt64
        var b: UInt64
    }

    let keyFields: [Int]
    let within: Int64
    let maxKeys: Int
    private(set) var slotOf: [Key: Int32] = [:]
    private(set) var keys: [Key] = []
    private(set) var firstTimes: [Int64] = []
    private var generations: [UInt32] = []
    private var free: [Int32] = []
    private var heap = DeadlineHeap()

    init(keyFields: [Int], within: Duration, maxKeys: Int = 1 << 20) {
        self.keyFields = keyFields
        self.within = max(0, within.milliseconds)
        self.maxKeys = max(1, maxKeys)
    }

    var count: Int { slotOf.count }

    /// The rows of `rows` that are not repeats, in order; remembers the new keys.
    mutating func filter(_ batch: ColumnBatch, rows: [Int32], eventTimes: [Int64]) -> [Int32] {
        let hashes = Self.keyHashes(batch, fields: keyFields)
        var kept: [Int32] = []
        kept.reserveCapacity(rows.count)
        for r in rows {
            let key = hashes[Int(r)]
            let t = eventTimes[Int(r)]
            if let slot = slotOf[key], abs(t &- firstTimes[Int(slot)]) <= within { continue }
            remember(key, time: t)
            kept.append(r)
        }
        evictOverCap()
        return kept
    }

    /// Forgets keys whose horizon the watermark has passed.
    mutating func expire(watermark: Int64) {
        while let next = heap.minTime, next < watermark, let entry = heap.pop() {
            release(entry)
        }
    }

    mutating func remember(_ key: Key, time t: Int64) {
        if let old = slotOf[key] {
            firstTimes[Int(old)] = t
            generations[Int(old)] &+= 1
            heap.push(.init(time: t &+ within, slot: old, generation: generations[Int(old)]))
            return
        }
        let slot: Int32
        if let f = free.popLast() {
            slot = f
            keys[Int(f)] = key
            firstTimes[Int(f)] = t
        } else {
            slot = Int32(keys.count)
            keys.append(key)
            firstTimes.append(t)
            generations.append(0)
        }
        slotOf[key] = slot
        heap.push(.init(time: t &+ within, slot: slot, generation: generations[Int(slot)]))
    }

    private mutating func evictOverCap() {
        while slotOf.count > maxKeys, let entry = heap.pop() { release(entry) }
    }

    private mutating func release(_ entry: DeadlineHeap.Entry) {
        let i = Int(entry.slot)
        guard generations[i] == entry.generation, slotOf[keys[i]] == entry.slot else { return }
        slotOf[keys[i]] = nil
        generations[i] &+= 1
        free.append(entry.slot)
    }

    /// Live keys with their first event time, in slot order (for the checkpoint).
    var entries: [(key: Key, firstTime: Int64)] {
        slotOf.values.sorted().map { (keys[Int($0)], firstTimes[Int($0)]) }
    }

    // MARK: Hashing

    /// Two hashes per row of the key fields' values; null is a value of its own.
    static func keyHashes(_ batch: ColumnBatch, fields: [Int]) -> [Key] {
        var out = [Key](repeating: Key(a: 0x9E37_79B9_7F4A_7C15, b: 0xC2B2_AE3D_27D4_EB4F), count: batch.count)
        for f in fields {
            var perRow: [(UInt64, UInt64)]
            if let c = batch.stringColumn(f) {
                let perCode = (0..<c.dictionaryCount).map { code in
                    c.dictionary.withBytes(at: Int32(code)) { b -> (UInt64, UInt64) in
                        let p = b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
                        return (ByteStringTable.hash(p, b.count), fnv1a(b))
                    }
                }
                perRow = c.codes.map { perCode[Int($0)] }
                mask(&perRow, c.validity)
            } else if let c = batch.int64Column(f) {
                perRow = c.values.map { (mix(UInt64(bitPattern: $0)), mix(UInt64(bitPattern: $0) ^ 0x5555_5555_5555_5555)) }
                mask(&perRow, c.validity)
            } else if let c = batch.doubleColumn(f) {
                perRow = c.values.map { (mix($0.bitPattern), mix($0.bitPattern ^ 0x5555_5555_5555_5555)) }
                mask(&perRow, c.validity)
            } else {
                continue
            }
            for r in 0..<batch.count {
                out[r].a = mix(out[r].a ^ perRow[r].0) &+ UInt64(f)
                out[r].b = mix(out[r].b &* 31 ^ perRow[r].1)
            }
        }
        return out
    }

    private static func mask(_ perRow: inout [(UInt64, UInt64)], _ validity: ValidityBitmap) {
        guard validity.nullCount > 0 else { return }
        for r in perRow.indices where !validity.isValid(r) { perRow[r] = (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210) }
    }

    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
