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

    /// Open addressing over `slots` (dictionary index + 1; 0 is empty), grown at half load.
    struct Slots {
        var slots: [UInt32]
        var shift: UInt64

        init(capacityBits: Int = 10) {
            slots = Array(repeating: 0, count: 1 << capacityBits)
            shift = UInt64(64 - capacityBits)
        }

        @inline(__always) func start(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> shift) }
        var mask: Int { slots.count - 1 }
        func needsGrowth(_ entries: Int) -> Bool { entries * 2 > slots.count }

        /// A table twice as large holding the same entries, whose hashes `hashOf` gives.
        func grown(_ entries: Int, _ hashOf: (Int) -> UInt64) -> Slots {
            var next = Slots(capacityBits: 64 - Int(shift) + 1)
            let mask = next.mask
            for e in 0..<entries {
                var h = next.start(hashOf(e))
                while next.slots[h] != 0 { h = (h + 1) & mask }
                next.slots[h] = UInt32(e + 1)
            }
            return next
        }
    }

    @inline(__always) static func mix(_ k: UInt64) -> UInt64 { (k ^ (k >> 29)) &* 0xBF58_476D_1CE4_E5B9 }

    private static func fixed(_ raw: UnsafeRawBufferPointer, width: Int, limit: Int)
        -> (keys: [UInt64], indices: [UInt32], encoded: Int)
    {
        let count = raw.count / width
        var keys: [UInt64] = []
        var table = Slots()
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
                    let mask = table.mask
                    var h = table.start(mix(k))
                    while true {
                        let s = table.slots[h]
                        if s == 0 {
                            keys.append(k)
                            table.slots[h] = UInt32(keys.count)
                            out[i] = UInt32(keys.count - 1)
                            if table.needsGrowth(keys.count) { table = table.grown(keys.count) { mix(keys[$0]) } }
                            break
                        }
                        if keys[Int(s) - 1] == k {
                            out[i] = s - 1
                            break
                        }
                        h = (h + 1) & mask
                    }
                    i += 1
                }
                if keys.count * width >= limit { break }
            }
        }
        indices.removeLast(count - i)
        return (keys, indices, i)
    }

    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var k = 0
        while k + 8 <= raw.count {
            h = mix(h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            k += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while k < raw.count {
            tail |= UInt64(raw[k]) << shift
            shift += 8
            k += 1
        }
        return mix(h ^ tail)
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var k = 0
        while k + 8 <= a.count {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            {
                return false
            }
            k += 8
        }
        while k < a.count {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    private static func strings(_ v: StringColumn, limit: Int) -> (StringColumn, [UInt32], Int) {
        let count = v.count
        var dictionary = StringColumn()
        var hashes: [UInt64] = []
        var table = Slots()
        var plainSize = 0
        var indices = [UInt32](repeating: 0, count: count)
        var i = 0
        v.bytes.withUnsafeBytes { bytes in
            v.offsets.withUnsafeBufferPointer { offsets in
                indices.withUnsafeMutableBufferPointer { out in
                    while i < count {
                        let end = min(count, i + batchSize)
                        while i < end {
                            let value = UnsafeRawBufferPointer(rebasing: bytes[offsets[i]..<offsets[i + 1]])
                            let hash = hash(value)
                            let mask = table.mask
                            var h = table.start(hash)
                            while true {
                                let s = table.slots[h]
                                if s == 0 {
                                    dictionary.append(utf8: value)
                                    hashes.append(hash)
                                    plainSize += value.count + 4
                                    table.slots[h] = UInt32(hashes.count)
                                    out[i] = UInt32(hashes.count - 1)
                                    if table.needsGrowth(hashes.count) {
                                        table = table.grown(hashes.count) { hashes[$0] }
                                    }
                                    break
                                }
                                let e = Int(s) - 1
                                if hashes[e] == hash, dictionary.withValue(e, { Self.equal($0, value) }) {
                                    out[i] = s - 1
                                    break
                                }
                                h = (h + 1) & mask
                            }
                            i += 1
                        }
                        if plainSize >= limit { break }
                    }
                }
            }
        }
        indices.removeLast(count - i)
        return (dictionary, indices, i)
    }
}
