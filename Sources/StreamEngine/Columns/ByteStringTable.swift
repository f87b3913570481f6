/// An insert-or-get table of byte strings, giving each distinct string a dense Int32 code.
///
/// Used twice: as the per-batch dictionary of a string column, and as the engine's global
/// interner for group-key and first/last string values. The bytes live in one contiguous
/// array and the hash index is open addressing with linear probing, so interning costs one
/// hash and usually one compare, with no per-string allocation.
struct ByteStringTable: Sendable {
    private(set) var bytes: [UInt8] = []
    /// `starts[i]..<starts[i+1]` are string i's bytes.
    private(set) var starts: [Int32] = [0]
    private var hashes: [UInt64] = []
    /// Code + 1 per bucket; 0 means empty.
    private var buckets: [Int32]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        buckets = Array(repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { starts.count - 1 }

    /// Total bytes held, for memory accounting and checkpoint caps.
    var byteCount: Int { bytes.count }

    /// Bytes allocated for strings and the index, for memory accounting.
    var allocatedBytes: Int { bytes.capacity + starts.capacity * 4 + hashes.capacity * 8 + buckets.capacity * 4 }

    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        // Word-at-a-time multiply-xorshift mix: strong enough for keys that are device ids,
        // and about one multiply per 8 bytes.
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        while i + 8 <= n {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < n {
            // The last n - i bytes as a little-endian word, read with whole loads: the
            // Deduplicator checkpoints these hashes, so the value must not change.
            let rest = n - i
            let w: UInt64
            if n >= 8 {
                w = p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64((8 - rest) * 8)
            } else if n >= 4 {
                w = UInt64(p.loadUnaligned(as: UInt32.self))
                    | UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << UInt64((n - 4) * 8)
            } else {
                var bytes: UInt64 = 0
                for k in 0..<n { bytes |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) << UInt64(k * 8) }
                w = bytes
            }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 31
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    @inline(__always)
    private func equals(code: Int, _ p: UnsafeRawPointer, _ n: Int) -> Bool {
        let s = Int(starts[code])
        guard Int(starts[code + 1]) - s == n else { return false }
        return bytes.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return n == 0 }
            return n == 0 || memcmpBytes(base + s, p, n)
        }
    }

    /// The code of these bytes, adding them if new.
    @inline(__always)
    mutating func intern(_ p: UnsafeRawPointer, _ n: Int) -> Int32 {
        let h = Self.hash(p, n)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = buckets[i]
            if slot == 0 { break }
            let code = Int(slot) - 1
            if hashes[code] == h, equals(code: code, p, n) { return Int32(code) }
            i = (i + 1) & mask
        }
        let code = Int32(count)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
        starts.append(Int32(bytes.count))
        hashes.append(h)
        buckets[i] = code + 1
        if count * 2 > mask { grow() }
        return code
    }

    mutating func intern(_ string: String) -> Int32 {
        var s = string
        return s.withUTF8 { u in
            guard let base = u.baseAddress else {
                var zero: UInt8 = 0
                return withUnsafeBytes(of: &zero) { intern($0.baseAddress!, 0) }
            }
            return intern(UnsafeRawPointer(base), u.count)
        }
    }

    /// The code of these bytes, or nil when absent.
    func lookup(_ p: UnsafeRawPointer, _ n: Int) -> Int32? {
        let h = Self.hash(p, n)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = buckets[i]
            if slot == 0 { return nil }
            let code = Int(slot) - 1
            if hashes[code] == h, equals(code: code, p, n) { return Int32(code) }
            i = (i + 1) & mask
        }
    }

    func lookup(_ string: String) -> Int32? {
        var s = string
        return s.withUTF8 { u in
            guard let base = u.baseAddress else {
                return withUnsafeBytes(of: UInt8(0)) { lookup($0.baseAddress!, 0) }
            }
            return lookup(UnsafeRawPointer(base), u.count)
        }
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        var fresh = [Int32](repeating: 0, count: size)
        let m = size - 1
        for code in 0..<count {
            var i = Int(truncatingIfNeeded: hashes[code]) & m
            while fresh[i] != 0 { i = (i + 1) & m }
            fresh[i] = Int32(code) + 1
        }
        buckets = fresh
        mask = m
    }

    /// The string of a code; empty for a code this table never gave out (a damaged checkpoint
    /// must not trap the engine).
    func string(at code: Int32) -> String {
        guard code >= 0, Int(code) < count else { return "" }
        let s = Int(starts[Int(code)])
        let e = Int(starts[Int(code) + 1])
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    func withBytes<R>(at code: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let s = Int(starts[Int(code)])
        let e = Int(starts[Int(code) + 1])
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[s..<e])) }
    }

    func byteLength(at code: Int32) -> Int { Int(starts[Int(code) + 1] - starts[Int(code)]) }
}

/// Byte equality for short strings (keys, device ids, texts between JSON values): whole
/// words, the last one overlapping the one before, instead of a loop over the tail bytes.
@inline(__always)
func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    if n >= 8 {
        var i = 0
        while i + 8 < n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        return a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    if n >= 4 {
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
    }
    var i = 0
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
