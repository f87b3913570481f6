extension ValidityBitmap {
    /// The bits of `rows`, in that order.
    func selecting(_ rows: [Int32]) -> ValidityBitmap {
        var out = ValidityBitmap()
        out.reserve(rows.count)
        if nullCount == 0 {
            for _ in rows { out.append(true) }
        } else {
            for r in rows { out.append(isValid(Int(r))) }
        }
        return out
    }

    /// One flag per row, or nil when no row is null (the lake's convention).
    func flags(_ rows: [Int32]) -> [Bool]? {
        guard nullCount > 0 else { return nil }
        let out = rows.map { isValid(Int($0)) }
        return out.contains(false) ? out : nil
    }
}

extension ColumnBatch {
    /// A batch of only `rows` (ascending), for operators after a filter. String columns keep
    /// their dictionaries; the raw source is shared, not copied; failures and the next offset
    /// stay, since they describe the input rather than the surviving rows.
    public func selecting(_ rows: [Int32]) -> ColumnBatch {
        if rows.count == count { return self }
        var out = self
        out.count = rows.count
        for i in int64Columns.indices {
            let c = int64Columns[i]
            out.int64Columns[i] = Int64Column(values: rows.map { c.values[Int($0)] }, validity: c.validity.selecting(rows))
        }
        for i in doubleColumns.indices {
            let c = doubleColumns[i]
            out.doubleColumns[i] = DoubleColumn(values: rows.map { c.values[Int($0)] }, validity: c.validity.selecting(rows))
        }
        for i in stringColumns.indices {
            out.stringColumns[i].codes = rows.map { stringColumns[i].codes[Int($0)] }
            out.stringColumns[i].validity = stringColumns[i].validity.selecting(rows)
        }
        out.offsets = rows.map { offsets[Int($0)] }
        out.spans = rows.map { spans[Int($0)] }
        return out
    }
}
