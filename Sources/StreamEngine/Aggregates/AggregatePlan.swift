/// How a pipeline's aggregates lay out their state and which kernel updates each one.
///
/// Every window slot owns `i64Stride` Int64 words and `f64Stride` Double words in the
/// store's flat arrays (word 0 of the Int64 part is the row count), plus one quantile sketch
/// per distinct percentile field. So state is a handful of contiguous arrays, not objects.
struct AggregatePlan: Hashable, Sendable {
    enum Kernel: Hashable, Sendable {
        case count
        case countField(field: Int, n: Int)
        case sumDouble(field: Int, sum: Int, n: Int)
        case sumInt(field: Int, sum: Int, n: Int)
        case avg(field: Int, sum: Int, n: Int)
        case minDouble(field: Int, value: Int, n: Int)
        case maxDouble(field: Int, value: Int, n: Int)
        case minInt(field: Int, value: Int, n: Int)
        case maxInt(field: Int, value: Int, n: Int)
        case first(field: Int, value: Int, time: Int, n: Int)
        case last(field: Int, value: Int, time: Int, n: Int)
        case stddev(field: Int, n: Int, mean: Int, m2: Int)
        case countIf(condition: Int, count: Int)
        case percentile(sketch: Int, q: Double)
    }

    var kernels: [Kernel] = []
    var conditions: [BoundCondition] = []
    /// Schema field of each sketch.
    var sketchFields: [Int] = []
    var i64Stride = 1
    var f64Stride = 0
    /// Schema fields whose values the aggregates read.
    var inputFields: Set<Int> = []

    init(_ definition: PipelineDefinition, schema: Schema, pipeline: String) throws(StreamEngineError) {
        for aggregate in definition.aggregates {
            kernels.append(try kernel(aggregate, schema: schema, pipeline: pipeline))
        }
    }

    private mutating func i64() -> Int {
        i64Stride += 1
        return i64Stride - 1
    }

    private mutating func f64() -> Int {
        f64Stride += 1
        return f64Stride - 1
    }

    private mutating func kernel(_ a: AggregateDefinition, schema: Schema, pipeline: String) throws(StreamEngineError) -> Kernel {
        guard let name = a.function.field else { return .count }
        guard let f = schema.index(of: name) else {
            throw StreamEngineError(
                .invalidPipeline, "pipeline \(pipeline): aggregate \(a.name) reads \(name), which is not a field of the schema")
        }
        inputFields.insert(f)
        let type = schema.fields[f].type
        func numeric() throws(StreamEngineError) {
            guard type.isNumeric else {
                throw StreamEngineError(
                    .invalidPipeline, "pipeline \(pipeline): aggregate \(a.name) needs a numeric field; \(name) is \(type)")
            }
        }
        switch a.function {
        case .count: return .count
        case .countField: return .countField(field: f, n: i64())
        case .sum:
            try numeric()
            return type == .double ? .sumDouble(field: f, sum: f64(), n: i64()) : .sumInt(field: f, sum: i64(), n: i64())
        case .avg:
            try numeric()
            return .avg(field: f, sum: f64(), n: i64())
        case .min:
            try numeric()
            return type == .double ? .minDouble(field: f, value: f64(), n: i64()) : .minInt(field: f, value: i64(), n: i64())
        case .max:
            try numeric()
            return type == .double ? .maxDouble(field: f, value: f64(), n: i64()) : .maxInt(field: f, value: i64(), n: i64())
        case .first: return .first(field: f, value: i64(), time: i64(), n: i64())
        case .last: return .last(field: f, value: i64(), time: i64(), n: i64())
        case .stddev:
            try numeric()
            return .stddev(field: f, n: i64(), mean: f64(), m2: f64())
        case .countIf(let condition):
            conditions.append(try BoundCondition(condition, schema: schema, pipeline: pipeline, context: "aggregate \(a.name)"))
            return .countIf(condition: conditions.count - 1, count: i64())
        case .percentile(_, let q):
            try numeric()
            guard (0...1).contains(q) else {
                throw StreamEngineError(.invalidPipeline, "pipeline \(pipeline): percentile \(q) is outside 0...1")
            }
            if let k = sketchFields.firstIndex(of: f) { return .percentile(sketch: k, q: q) }
            sketchFields.append(f)
            return .percentile(sketch: sketchFields.count - 1, q: q)
        }
    }
}
