import RivuletCore

/// The operator of a pipeline without a window, as a pure state machine: each batch is
/// filtered (`where`, a selection vector over the columns), deduplicated, materialised as
/// output columns and shaped by `select`; the result is one `.rows` output per batch.
/// State is the source offsets, the watermark and the dedup keys (see `PassThroughCodec`).
public struct PassThroughOperator: StreamOperator, Sendable {
    public let definition: PassThroughDefinition
    /// The schema with the event-time field (if any) typed as a required timestamp.
    public let schema: Schema
    let eventTimeField: Int?
    let filter: BoundPredicate?
    let keyGuard: KeyGuard
    public let projection: Projection
    var dedup: Deduplicator?
    var watermark: WatermarkTracker
    public internal(set) var counters = EngineCounters()
    public var epoch: UInt64 = 0

    public init(definition: PassThroughDefinition) throws(StreamEngineError) {
        let name = definition.name
        var schema = definition.schema
        var timeIndex: Int?
        if let time = definition.eventTime {
            guard let i = schema.index(of: time.field) else {
                throw StreamEngineError(.invalidPipeline, "pipeline \(name): event time field \(time.field) is not in the schema")
            }
            guard schema.fields[i].type.isInt64Backed || schema.fields[i].type == .string else {
                throw StreamEngineError(.invalidPipeline, "pipeline \(name): event time field \(time.field) must be a timestamp")
            }
            schema.fields[i].type = .timestamp(time.unit)
            schema.fields[i].isRequired = true
            timeIndex = i
        }
        self.definition = definition
        self.schema = schema
        self.eventTimeField = timeIndex
        self.keyGuard = KeyGuard(definition.partitionFields, schema: schema)
        self.filter = try definition.filter.map { p throws(StreamEngineError) in try BoundPredicate(p, schema: schema, pipeline: name) }
        let columns = schema.fields.map { (name: $0.name, type: VectorType($0.type)) }
        let items = definition.select.isEmpty ? schema.fields.map { SelectItem($0.name, .column($0.name)) } : definition.select
        self.projection = try Projection(items, columns: columns, pipeline: name)
        if let d = definition.deduplicate {
            guard timeIndex != nil else {
                throw StreamEngineError(.invalidPipeline, "pipeline \(name): deduplicate needs event_time")
            }
            var fields: [Int] = []
            for k in d.key {
                guard let i = schema.index(of: k) else {
                    throw StreamEngineError(.invalidPipeline, "pipeline \(name): deduplicate key \(k) is not in the schema")
                }
                fields.append(i)
            }
            dedup = Deduplicator(keyFields: fields, within: d.within, maxKeys: d.maxKeys)
        }
        let time = definition.eventTime
        watermark = WatermarkTracker(delay: time?.watermarkDelay ?? .zero, idleTimeout: time?.idleTimeout ?? .seconds(30))
    }

    /// The output columns' names and types, in order.
    public var outputColumns: [(name: String, type: VectorType)] {
        zip(projection.items, projection.types).map { ($0.name, $1) }
    }

    public var sourceOffsets: [Int32: Int64] {
        var out: [Int32: Int64] = [:]
        for p in watermark.partitions { if let n = p.nextOffset { out[p.id] = n } }
        return out
    }

    public var currentWatermark: Timestamp? { watermark.current.map { Timestamp(milliseconds: $0) } }
    public var openWindowCount: Int { 0 }
    /// Keys the deduplicator currently remembers.
    public var rememberedKeys: Int { dedup?.count ?? 0 }

    /// Every field is materialised: rows are written whole (or selected from).
    public func makeBatch() -> ColumnBatch { ColumnBatch(schema: schema) }
    public func makeDecoder() -> JSONBatchDecoder { JSONBatchDecoder(schema: schema) }

    public mutating func process(batch input: ColumnBatch, partition: Int32, now: ProcessingTime) -> [EngineOutput] {
        var batch = input
        keyGuard.apply(&batch)
        var outputs: [EngineOutput] = []
        if !batch.failures.isEmpty {
            counters.deadLetters += Int64(batch.failures.count)
            outputs.append(.deadLetter(batch.failures.map { DeadLetter(partition: partition, failure: $0) }))
        }
        let p = watermark.index(of: partition, now: now)
        if let next = batch.nextOffset { watermark.recordOffset(p, next: next) }
        guard batch.count > 0 else { return outputs }
        watermark.touch(p, now: now)
        counters.events += Int64(batch.count)
        var rows = filter?.select(batch) ?? (0..<batch.count).map { Int32(truncatingIfNeeded: $0) }
        counters.filtered += Int64(batch.count - rows.count)
        if let f = eventTimeField, let times = batch.int64Column(f)?.values {
            if dedup != nil {
                let before = rows.count
                rows = dedup!.filter(batch, rows: rows, eventTimes: times)
                counters.duplicates += Int64(before - rows.count)
            }
            for r in rows { _ = watermark.observe(p, eventTime: times[Int(r)]) }
            if let wm = watermark.current { dedup?.expire(watermark: wm) }
        }
        if !rows.isEmpty {
            outputs.append(.rows(projection.apply(batch, rows: rows)))
        }
        return outputs
    }

    public mutating func advance(processingTime now: ProcessingTime) -> [EngineOutput] {
        _ = watermark.checkIdle(now: now)
        return []
    }

    public static func sinkResults(_ output: EngineOutput) -> [RowColumns]? {
        if case .rows(let rows) = output { return [rows] }
        return nil
    }
}
