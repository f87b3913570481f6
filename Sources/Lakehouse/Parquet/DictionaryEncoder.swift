/// Builds a column chunk's dictionary the way pyarrow does: every value of every physical type
/// but BOOLEAN is looked up in a hash table of the distinct values seen so far, in batches of
/// `batchSize`; once the dictionary's PLAIN size reaches the limit (pyarrow's
/// `dictionary_pagesize_limit`, 1 MiB), the rest of the chunk falls back to PLAIN.
///
/// Works on bytes: fixed-width values are hashed by bit pattern (so -0.0 and 0.0, or two NaNs
/// with different payloads, stay distinct), strings by their UTF-8 bytes; nothing is
/// allocated per value.
struct DictionaryEncoder {
    /// Values are checked against the limit after each batch of this many, as pyarrow's
    /// `write_batch_size`.
    static let batchSize = 1024

    struct Result {
        var dictionary: LeafValues
        /// One dictionary index per encoded value.
        var indices: [UInt32]
        /// Values `0..<encoded` (non-null, in order) are dictionary-encoded; the rest are PLAIN.
        var encoded: Int
        var bitWidth: Int { RLEHybrid.bitWidth(UInt64(max(dictionary.count - 1, 0))) }
    }

    /// The dictionary for the non-null `values`, or nil for BOOLEAN, for no values, or when
    /// `allOrNothing` and the dictionary outgrows `limit` (columns with repetition levels,
    /// whose pages must start on row boundaries, are not split into two encodings).
    static func encode(_ values: LeafValues, limit: Int, allOrNothing: Bool) -> Result? {
        guard values.count > 0 else { return nil }
        let result: Result
        switch values {
        case .boolean: return nil
        case .int32(let v):
            let (keys, indices, encoded) = v.withUnsafeBytes { fixed($0, width: 4, limit: limit) }
            result = Result(
                dictionary: .int32(keys.map { Int32(truncatingIfNeeded: $0) }), indices: indices, encoded: encoded)
        case .int64(let v):
            let (keys, indices, encoded) = v.withUnsafeBytes { fixed($0, width: 8, limit: limit) }
            result = Result(dictionary: .int64(keys.map { Int64(bitPattern: $0) }), indices: indices, encoded: encoded)
        case .double(let v):
            let (keys, indices, encoded) = v.withUnsafeBytes { fixed($0, width: 8, limit: limit) }
            result = Result(
                dictionary: .double(keys.map { Double(bitPattern: $0) }), indices: indices, encoded: encoded)
        case .byteArray(let v):
            let (dictionary, indices, encoded) = strings(v, limit: limit)
            result = Result(dictionary: .byteArray(dictionary), indices: indices, encoded: encoded)
        }
        if allOrNothing, result.encoded < values.count { return nil }
        return result
    }

    @inline(__always) static func mix(_ k: UInt64) -> UInt64 { (k ^ (k >> 29)) &* 0xBF58_476D_1CE4_E5B9 }

    /// The most entries a dictionary of `count` values can reach: the limit is checked after
    /// each batch, and every entry takes at least `minimumSize` PLAIN bytes.
    private static func capacity(_ count: Int, limit: Int, minimumSize: Int) -> Int {
        min(count, limit / minimumSize + batchSize + 1)
    }

    private static func fixed(_ raw: UnsafeRawBufferPointer, width: Int, limit: Int)
        -> (keys: [UInt64], indices: [UInt32], encoded: Int)
    {
        let count = raw.count / width
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity(count, limit: limit, minimumSize: width))
        var table = DictionarySlots()
        defer {
            keys.deallocate()
            table.deallocate()
        }
        var indices = [UInt32](repeating: 0, count: count)
        var i = 0
        indices.withUnsafeMutableBufferPointer { out in
            while i < count {
                let end = min(count, i + batchSize)
                while i < end {
                    let k =
                        width == 8
                        ? raw.load(fromByteOffset: i &* 8, as: UInt64.self)
                        : UInt64(raw.load(fromByteOffset: i &* 4, as: UInt32.self))
                    let (e, inserted) = table.find(mix(k)) { keys[$0] == k }
                    if inserted { keys[e] = k }
                    out[i] = UInt32(truncatingIfNeeded: e)
                    i &+= 1
                }
                if table.count * width >= limit { break }
            }
        }
        indices.removeLast(count - i)
        return (Array(UnsafeBufferPointer(start: keys, count: table.count)), indices, i)
    }

    /// A hash of `raw`'s bytes, reading them as whole words: the last word overlaps the one
    /// before it instead of being assembled byte by byte (the length is hashed in too).
    @inline(__always)
    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let n = raw.count
        let h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        guard n >= 8 else { return mix(h ^ short(raw)) }
        var acc = h
        var k = 0
        while k &+ 8 < n {
            acc = mix(acc ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            k &+= 8
        }
        return mix(acc ^ raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
    }

    /// Up to 7 bytes as one word: two overlapping 4-byte loads from 4 bytes up.
    @inline(__always)
    private static func short(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let n = raw.count
        if n >= 4 {
            let lo = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            return lo | UInt64(raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)) << 32
        }
        var word: UInt64 = 0
        for k in 0..<n { word |= UInt64(raw[k]) << UInt64(8 &* k) }
        return word
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        guard n >= 8 else { return short(a) == short(b) }
        var k = 0
        while k &+ 8 < n {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            {
                return false
            }
            k &+= 8
        }
        return a.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            == b.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
    }

    private static func strings(_ v: StringColumn, limit: Int) -> (StringColumn, [UInt32], Int) {
        let count = v.count
        // Each entry is compared against its first occurrence in `v`, whose bytes are at hand:
        // `bounds[2e]..<bounds[2e + 1]` in `v.bytes`.
        let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 2 * capacity(count, limit: limit, minimumSize: 4))
        var table = DictionarySlots()
        defer {
            bounds.deallocate()
            table.deallocate()
        }
        var plainSize = 0
        var indices = [UInt32](repeating: 0, count: count)
        var i = 0
        v.withBuffers { bytes, offsets in
            indices.withUnsafeMutableBufferPointer { out in
                while i < count {
                    let end = min(count, i + batchSize)
                    while i < end {
                        let from = offsets[i]
                        let to = offsets[i &+ 1]
                        let value = UnsafeRawBufferPointer(rebasing: bytes[from..<to])
                        let (e, inserted) = table.find(hash(value)) { e in
                            Self.equal(
                                UnsafeRawBufferPointer(rebasing: bytes[bounds[2 &* e]..<bounds[2 &* e &+ 1]]), value)
                        }
                        if inserted {
                            bounds[2 &* e] = from
                            bounds[2 &* e &+ 1] = to
                            plainSize &+= value.count &+ 4
                        }
                        out[i] = UInt32(truncatingIfNeeded: e)
                        i &+= 1
                    }
                    if plainSize >= limit { break }
                }
            }
        }
        indices.removeLast(count - i)
        var dictionary = StringColumn()
        dictionary.reserveCapacity(values: table.count, bytes: plainSize - 4 * table.count)
        v.bytes.withUnsafeBytes { bytes in
            for e in 0..<table.count {
                dictionary.append(utf8: UnsafeRawBufferPointer(rebasing: bytes[bounds[2 * e]..<bounds[2 * e + 1]]))
            }
        }
        return (dictionary, indices, i)
    }
}
