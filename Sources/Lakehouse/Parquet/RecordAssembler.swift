/// Rebuilds nested records from leaf columns (the inverse of `NestedShredder`).
///
/// Each record is the run of triplets from one repetition level 0 to the next, in every
/// leaf. A field is walked with each leaf's slice of the record: the first triplet's
/// definition level says whether the field is present; a repeated field splits the slices
/// where the repetition level falls back to its own level.
struct RecordAssembler {
    let schema: ParquetSchema
    let leaves: [LeafColumn?]

    static func corrupt(_ what: String) -> LakehouseError {
        LakehouseError(.corruptFile, "nested Parquet data is inconsistent: \(what)")
    }

    /// Records with only the top-level fields for which `include` is true (others are null).
    func records(rowCount: Int) throws -> [[ParquetValue.Field]] {
        let starts: [[Int]?] = leaves.map { leaf in
            guard let leaf else { return nil }
            guard let reps = leaf.repetitionLevels else { return Array(0...leaf.count) }
            var s = reps.indices.filter { reps[$0] == 0 }
            s.append(leaf.count)
            return s
        }
        for s in starts.compactMap({ $0 }) where s.count - 1 != rowCount {
            throw Self.corrupt("a leaf holds \(s.count - 1) records, the file \(rowCount)")
        }
        var out: [[ParquetValue.Field]] = []
        out.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            let slices = starts.map { s in s.map { $0[row]..<$0[row + 1] } ?? 0..<0 }
            var leaf = 0
            var fields: [ParquetValue.Field] = []
            for field in schema.fields {
                let count = NestedShredder.leafCount(field)
                let range = leaf..<(leaf + count)
                leaf += count
                guard range.contains(where: { leaves[$0] != nil }) else { continue }
                fields.append(ParquetValue.Field(field.name, try assemble(field, range, slices, def: 0, repDepth: 0)))
            }
            out.append(fields)
        }
        return out
    }

    private func firstDefinition(_ range: Range<Int>, _ slices: [Range<Int>]) throws -> Int {
        for i in range {
            guard let leaf = leaves[i] else { continue }
            guard let first = slices[i].first else { throw Self.corrupt("empty slice") }
            return Int(leaf.definitionLevels?[first] ?? 0)
        }
        throw Self.corrupt("no projected leaf")
    }

    private func assemble(
        _ field: ParquetField, _ range: Range<Int>, _ slices: [Range<Int>], def: Int, repDepth: Int
    ) throws -> ParquetValue {
        switch field.repetition {
        case .required:
            return try present(field, range, slices, def: def, repDepth: repDepth)
        case .optional:
            if try firstDefinition(range, slices) <= def { return .null }
            return try present(field, range, slices, def: def + 1, repDepth: repDepth)
        case .repeated:
            if try firstDefinition(range, slices) <= def { return .list([]) }
            let level = repDepth + 1
            var perLeaf: [[Range<Int>]] = Array(repeating: [], count: slices.count)
            var elementCount: Int? = nil
            for i in range {
                guard let leaf = leaves[i] else { continue }
                let reps = leaf.repetitionLevels ?? []
                var parts: [Range<Int>] = []
                var start = slices[i].lowerBound
                for j in slices[i].dropFirst() where j < reps.count && Int(reps[j]) <= level {
                    parts.append(start..<j)
                    start = j
                }
                parts.append(start..<slices[i].upperBound)
                if let n = elementCount, n != parts.count { throw Self.corrupt("leaves disagree on list length") }
                elementCount = parts.count
                perLeaf[i] = parts
            }
            var items: [ParquetValue] = []
            for k in 0..<(elementCount ?? 0) {
                let element = perLeaf.map { $0.isEmpty ? 0..<0 : $0[k] }
                items.append(try present(field, range, element, def: def + 1, repDepth: level))
            }
            return .list(items)
        }
    }

    private func present(
        _ field: ParquetField, _ range: Range<Int>, _ slices: [Range<Int>], def: Int, repDepth: Int
    ) throws -> ParquetValue {
        switch field.kind {
        case .primitive:
            let i = range.lowerBound
            guard let leaf = leaves[i] else { return .null }
            guard slices[i].count == 1, let j = slices[i].first else {
                throw Self.corrupt("scalar with \(slices[i].count) values")
            }
            if let d = leaf.definitionLevels, Int(d[j]) < def { return .null }
            switch leaf.values {
            case .boolean(let v): return .boolean(v[j])
            case .int32(let v): return .int32(v[j])
            case .int64(let v): return .int64(v[j])
            case .double(let v): return .double(v[j])
            case .byteArray(let v): return .string(v[j])
            }
        case .group(let children):
            var leaf = range.lowerBound
            var fields: [ParquetValue.Field] = []
            for child in children {
                let count = NestedShredder.leafCount(child)
                let childRange = leaf..<(leaf + count)
                leaf += count
                guard childRange.contains(where: { leaves[$0] != nil }) else { continue }
                fields.append(
                    ParquetValue.Field(
                        child.name, try assemble(child, childRange, slices, def: def, repDepth: repDepth)))
            }
            return .group(fields)
        }
    }
}

extension ParquetFile {
    /// Nested records, reading only leaves whose dotted path `include` accepts.
    public func readRecords(include: (String) -> Bool = { _ in true }) throws -> [[ParquetValue.Field]] {
        var leaves: [LeafColumn?] = []
        for (i, c) in schema.columns.enumerated() {
            leaves.append(include(c.path.joined(separator: ".")) ? try readLeaf(column: i) : nil)
        }
        guard metadata.numRows >= 0, metadata.numRows <= Int64(bytes.count) * 8 else {
            throw LakehouseError(.corruptFile, "implausible row count \(metadata.numRows)")
        }
        return try RecordAssembler(schema: schema, leaves: leaves).records(rowCount: Int(metadata.numRows))
    }
}

extension ParquetFileWriter {
    /// Writes nested records as one row group.
    public func writeRecords(_ records: [[ParquetValue.Field]]) throws {
        var shredder = NestedShredder(schema: schema)
        for r in records { try shredder.append(r) }
        try writeRowGroup(shredder.columns, numRows: records.count)
    }
}
