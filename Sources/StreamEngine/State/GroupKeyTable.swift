/// Interns group keys (one or more group-by values) to dense Int32 ids.
///
/// A key is `arity` Int64 components plus a null mask: strings are ids from the engine's
/// global string interner, numbers their value or bit pattern, bools 0/1. Keys are never
/// removed, so ids are stable for the life of the state and across checkpoints.
struct GroupKeyTable: Sendable {
    let arity: Int
    /// `arity + 1` words per key: the components, then the null mask.
    private(set) var words: [Int64] = []
    private var buckets: [Int32]
    private var mask: Int

    init(arity: Int) {
        self.arity = arity
        buckets = Array(repeating: 0, count: 64)
        mask = 63
    }

    var count: Int { words.count / (arity + 1) }

    /// Bytes allocated for keys and buckets, for memory accounting.
    var allocatedBytes: Int { words.capacity * 8 + buckets.capacity * 4 }

    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<Int64>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for w in key {
            h = (h ^ UInt64(bitPattern: w)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        return Int(truncatingIfNeeded: h)
    }

    /// The id of `key` (`arity + 1` words), adding it if new.
    mutating func intern(_ key: UnsafeBufferPointer<Int64>) -> Int32 {
        let stride = arity + 1
        var i = Self.hash(key) & mask
        while true {
            let b = buckets[i]
            if b == 0 { break }
            let id = Int(b) - 1
            var same = true
            for k in 0..<stride where words[id * stride + k] != key[k] {
                same = false
                break
            }
            if same { return Int32(id) }
            i = (i + 1) & mask
        }
        let id = Int32(count)
        words.append(contentsOf: key)
        buckets[i] = id + 1
        if count * 2 > mask { grow() }
        return id
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        var fresh = [Int32](repeating: 0, count: size)
        let stride = arity + 1
        words.withUnsafeBufferPointer { all in
            for id in 0..<count {
                let key = UnsafeBufferPointer(rebasing: all[id * stride..<(id + 1) * stride])
                var i = Self.hash(key) & (size - 1)
                while fresh[i] != 0 { i = (i + 1) & (size - 1) }
                fresh[i] = Int32(id) + 1
            }
        }
        buckets = fresh
        mask = size - 1
    }

    func component(_ id: Int32, _ k: Int) -> Int64 { words[Int(id) * (arity + 1) + k] }
    func isNull(_ id: Int32, _ k: Int) -> Bool { words[Int(id) * (arity + 1) + arity] & (1 << Int64(k)) != 0 }

    /// Rebuilds a table from checkpointed words, keeping every id.
    static func restore(arity: Int, words: [Int64]) -> GroupKeyTable {
        var table = GroupKeyTable(arity: arity)
        let stride = arity + 1
        guard stride > 0 else { return table }
        words.withUnsafeBufferPointer { all in
            for id in 0..<(all.count / stride) {
                _ = table.intern(UnsafeBufferPointer(rebasing: all[id * stride..<(id + 1) * stride]))
            }
        }
        return table
    }
}
