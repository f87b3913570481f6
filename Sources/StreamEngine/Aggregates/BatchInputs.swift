/// A batch's aggregate inputs, prepared once per batch in the shapes the kernels read:
/// numbers as Double or Int64 arrays, first/last values as Int64 words, conditions as one
/// flag per row. Double columns are shared with the batch, not copied.
struct BatchInputs {
    struct FieldInput {
        var doubles: [Double] = []
        var ints: [Int64] = []
        /// first/last: the value as a word (Int64, Double bits, global string id, bool).
        var words: [Int64] = []
        var validity = ValidityBitmap()
        var hasNulls = false
    }

    var fields: [Int: FieldInput] = [:]
    var conditionMatches: [[Bool]] = []
    var eventTimes: [Int64] = []

    init() {}

    /// `internString` maps a batch dictionary string to the engine's global string id.
    init(batch: ColumnBatch, plan: AggregatePlan, eventTimeField: Int, internString: (StringColumn, Int32) -> Int64) {
        eventTimes = batch.int64Column(eventTimeField)?.values ?? []
        var needsWords: Set<Int> = []
        for k in plan.kernels {
            switch k {
            case .first(let f, _, _, _), .last(let f, _, _, _): needsWords.insert(f)
            default: break
            }
        }
        for f in plan.inputFields.union(plan.sketchFields) {
            var input = FieldInput()
            if let c = batch.doubleColumn(f) {
                input.doubles = c.values
                input.validity = c.validity
                if needsWords.contains(f) { input.words = c.values.map { Int64(bitPattern: $0.bitPattern) } }
            } else if let c = batch.int64Column(f) {
                input.ints = c.values
                input.doubles = c.values.map { Double($0) }
                input.validity = c.validity
                input.words = c.values
            } else if let c = batch.stringColumn(f) {
                input.validity = c.validity
                if needsWords.contains(f) {
                    var global = [Int64](repeating: -1, count: c.dictionaryCount)
                    input.words = c.codes.map { code in
                        if global[Int(code)] < 0 { global[Int(code)] = internString(c, code) }
                        return global[Int(code)]
                    }
                }
            }
            input.hasNulls = input.validity.nullCount > 0
            fields[f] = input
        }
        for bound in plan.conditions {
            conditionMatches.append(bound.matches(batch))
        }
    }
}
