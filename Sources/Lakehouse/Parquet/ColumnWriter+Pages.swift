/// A leaf's non-null values, compacted, and how its slots (level triplets) map to them.
struct PresentSlots {
    /// The non-null values in slot order.
    let values: LeafValues
    /// Whether every slot holds a value (then slot `i` is value `i`).
    let allPresent: Bool
    /// nil when `allPresent`; else whether each slot holds a value.
    let present: [Bool]?

    init(_ leaf: LeafColumn, maxDefinitionLevel: Int) {
        let maxDef = UInt8(maxDefinitionLevel)
        guard let defs = leaf.definitionLevels, !Self.allEqual(defs, maxDef) else {
            values = leaf.values
            allPresent = true
            present = nil
            return
        }
        let flags = defs.map { $0 == maxDef }
        values = leaf.values.gather(flags.indices.filter { flags[$0] })
        allPresent = false
        present = flags
    }

    /// Whether every level is `level`, eight at a time: most nullable columns hold no null.
    static func allEqual(_ levels: [UInt8], _ level: UInt8) -> Bool {
        levels.withUnsafeBytes { raw in
            let word = UInt64(level) &* 0x0101_0101_0101_0101
            var k = 0
            while k &+ 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) != word { return false }
                k &+= 8
            }
            return raw[k...].allSatisfy { $0 == level }
        }
    }
}

/// One data page: its slots and the non-null values among them.
struct PagePlan: Hashable {
    var slots: Range<Int>
    var values: Range<Int>
    var dictionaryEncoded: Bool
}

extension ColumnWriter {
    /// Cuts the leaf into pages of about `pageSize` encoded bytes: dictionary-encoded values
    /// first, then PLAIN ones; with repetition levels a page starts on a new row, and trailing
    /// nulls join the last page.
    func pagePlans(_ leaf: LeafColumn, _ slots: PresentSlots, _ dictionary: DictionaryEncoder.Result?) -> [PagePlan] {
        let n = leaf.count
        let valueCount = slots.values.count
        let pageSize = Int(options.pageSize.rawValue)
        guard n > 0 else { return [PagePlan(slots: 0..<0, values: 0..<0, dictionaryEncoded: false)] }
        var plans: [PagePlan] = []
        var slot = 0
        var value = 0
        while slot < n {
            let dictionaryEncoded = dictionary.map { value < $0.encoded } ?? false
            let sectionEnd = dictionaryEncoded ? dictionary?.encoded ?? valueCount : valueCount
            let perPage =
                dictionaryEncoded
                ? pageSize * 8 / max(dictionary?.bitWidth ?? 1, 1) : pageSize / max(slots.values.plainBytesPerValue, 1)
            let target = min(sectionEnd, value + max(perPage, 1))
            var s = slot
            var v = value
            if let present = slots.present {
                while s < n && v < target {
                    if present[s] { v += 1 }
                    s += 1
                }
            } else {
                s = min(n, s + (target - v))
                v = target
            }
            if let reps = leaf.repetitionLevels {
                while s < n && reps[s] != 0 {
                    if slots.present?[s] ?? true { v += 1 }
                    s += 1
                }
            }
            if v == valueCount { s = n }
            plans.append(PagePlan(slots: slot..<s, values: value..<v, dictionaryEncoded: dictionaryEncoded))
            slot = s
            value = v
        }
        return plans
    }

    /// Min and max of the strings that `indices` name in `dictionary`: each distinct entry is
    /// compared once.
    static func minMax(_ dictionary: StringColumn, _ indices: ArraySlice<UInt32>) -> (StatValue, StatValue)? {
        var used = [Bool](repeating: false, count: dictionary.count)
        for i in indices { used[Int(i)] = true }
        guard let (lo, hi) = dictionary.minMaxIndices(used.indices.lazy.filter { used[$0] }) else { return nil }
        return (.string(dictionary[lo]), .string(dictionary[hi]))
    }
}

extension LeafValues {
    /// PLAIN bytes per value, on average (byte arrays count their 4-byte length).
    var plainBytesPerValue: Int {
        switch self {
        case .boolean: return 1
        case .int32: return 4
        case .int64, .double: return 8
        case .byteArray(let v): return v.isEmpty ? 4 : (v.bytes.count + 4 * v.count) / v.count
        }
    }
}
