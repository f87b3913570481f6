/// A `Condition` bound to a schema field and evaluated over a whole column batch at once.
struct BoundCondition: Hashable, Sendable {
    var field: Int
    var condition: Condition

    /// Checks that the field exists and that the literal's type can be compared with it.
    init(_ condition: Condition, schema: Schema, pipeline: String, context: String) throws(StreamEngineError) {
        guard let f = schema.index(of: condition.field) else {
            throw StreamEngineError(
                .invalidPipeline, "pipeline \(pipeline): \(context) reads \(condition.field), which is not a field of the schema")
        }
        let type = schema.fields[f].type
        let ok: Bool =
            switch (condition.literal, type) {
            case (.string, .string): true
            case (.number, _): type.isNumeric
            case (.bool, .bool): true
            default: false
            }
        guard ok else {
            throw StreamEngineError(
                .invalidPipeline,
                "pipeline \(pipeline): condition \(condition) compares \(condition.field) (\(type)) with a different type")
        }
        self.field = f
        self.condition = condition
    }

    /// One flag per row of `batch`; string conditions are evaluated once per distinct value.
    /// Nulls never match.
    func matches(_ batch: ColumnBatch) -> [Bool] {
        if let c = batch.stringColumn(field), case .string(let literal) = condition.literal {
            let perCode = (0..<c.dictionaryCount).map { code -> Bool in
                let s = c.string(code: Int32(code))
                return condition.holds(s == literal ? 0 : (s < literal ? -1 : 1))
            }
            return (0..<batch.count).map { r in c.validity.isValid(r) && perCode[Int(c.codes[r])] }
        }
        if let c = batch.doubleColumn(field), case .number(let n) = condition.literal {
            return (0..<batch.count).map { r in
                c.validity.isValid(r) && condition.holds(c.values[r] == n ? 0 : (c.values[r] < n ? -1 : 1))
            }
        }
        if let c = batch.int64Column(field) {
            let x: Double
            switch condition.literal {
            case .number(let n): x = n
            case .bool(let b): x = b ? 1 : 0
            case .string: return Array(repeating: false, count: batch.count)
            }
            return (0..<batch.count).map { r in
                guard c.validity.isValid(r) else { return false }
                let v = Double(c.values[r])
                return condition.holds(v == x ? 0 : (v < x ? -1 : 1))
            }
        }
        return Array(repeating: false, count: batch.count)
    }
}
