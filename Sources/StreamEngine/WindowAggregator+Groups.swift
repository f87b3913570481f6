import RivuletCore

/// Group keys: batch values → global group ids, and back to values for output rows.
extension WindowAggregator {
    /// The group id of every row. One string group-by field (seed 000's device_id) takes the
    /// fast path: one intern per distinct value per batch, then an array lookup per row.
    mutating func resolveGroups(_ batch: ColumnBatch) -> [Int32] {
        var ids = [Int32](repeating: 0, count: batch.count)
        let arity = groupFields.count
        var key = [Int64](repeating: 0, count: arity + 1)
        if arity == 1, let column = batch.stringColumn(groupFields[0]) {
            var byCode = [Int32](repeating: -1, count: column.dictionaryCount)
            var nullGroup: Int32 = -1
            for r in 0..<batch.count {
                if column.validity.nullCount > 0, !column.validity.isValid(r) {
                    if nullGroup < 0 {
                        key[0] = 0
                        key[1] = 1
                        nullGroup = internGroup(key)
                    }
                    ids[r] = nullGroup
                    continue
                }
                let code = Int(column.codes[r])
                if byCode[code] < 0 {
                    key[0] = globalString(column, Int32(code))
                    key[1] = 0
                    byCode[code] = internGroup(key)
                }
                ids[r] = byCode[code]
            }
            return ids
        }
        // General path: build each row's key words and intern them.
        var translations: [[Int64]] = groupFields.map { f in
            guard let c = batch.stringColumn(f) else { return [] }
            return [Int64](repeating: -1, count: c.dictionaryCount)
        }
        for r in 0..<batch.count {
            var nulls: Int64 = 0
            for (k, f) in groupFields.enumerated() {
                key[k] = 0
                if let c = batch.stringColumn(f) {
                    guard c.validity.isValid(r) else { nulls |= 1 << Int64(k); continue }
                    let code = Int(c.codes[r])
                    if translations[k][code] < 0 { translations[k][code] = globalString(c, Int32(code)) }
                    key[k] = translations[k][code]
                } else if let c = batch.doubleColumn(f) {
                    guard c.validity.isValid(r) else { nulls |= 1 << Int64(k); continue }
                    // +0 and -0 group together, as SQL's GROUP BY does.
                    let v = c.values[r] == 0 ? 0 : c.values[r]
                    key[k] = Int64(bitPattern: v.bitPattern)
                } else if let c = batch.int64Column(f) {
                    guard c.validity.isValid(r) else { nulls |= 1 << Int64(k); continue }
                    key[k] = c.values[r]
                }
            }
            key[arity] = nulls
            ids[r] = internGroup(key)
        }
        return ids
    }

    private mutating func globalString(_ column: StringColumn, _ code: Int32) -> Int64 {
        Int64(column.dictionary.withBytes(at: code) { b in
            strings.intern(b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, b.count)
        })
    }

    private mutating func internGroup(_ key: [Int64]) -> Int32 {
        let id = key.withUnsafeBufferPointer { groups.intern($0) }
        growGroupArrays(to: groups.count)
        return id
    }

    mutating func growGroupArrays(to n: Int) {
        while lastSlotOfGroup.count < n {
            lastSlotOfGroup.append(-1)
            sessionHead.append(-1)
            sessionFloor.append(.min)
            keyValuesOfGroup.append([])
        }
    }

    /// `keyValues(g)`, made once per group and shared by all its rows: a group's key never
    /// changes, and a final row per window is the engine's main output.
    mutating func sharedKeyValues(_ g: Int32) -> [Value] {
        let i = Int(g)
        if keyValuesOfGroup[i].isEmpty, !groupFields.isEmpty {
            keyValuesOfGroup[i] = keyValues(g)
            sharedKeyBytes += 32 + groupFields.count * MemoryLayout<Value>.stride
        }
        return keyValuesOfGroup[i]
    }

    /// The group-by values of a group, for output rows and late events.
    @inline(__always)
    func keyValues(_ g: Int32) -> [Value] {
        groupFields.enumerated().map { k, f in
            if groups.isNull(g, k) { return .null }
            let w = groups.component(g, k)
            switch fieldTypes[f] {
            case .string: return .string(strings.string(at: Int32(truncatingIfNeeded: w)))
            case .double: return .double(Double(bitPattern: UInt64(bitPattern: w)))
            case .int64: return .int64(w)
            case .bool: return .bool(w != 0)
            case .timestamp: return .timestamp(Timestamp(milliseconds: w))
            }
        }
    }
}
