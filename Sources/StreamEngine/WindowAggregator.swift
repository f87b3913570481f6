import RivuletCore

/// The windowed-aggregation operator of one pipeline, as a pure state machine: feed it
/// decoded batches with `process(batch:partition:now:)` and processing-time ticks with
/// `advance(processingTime:)`; it returns what to emit. It does no I/O and reads no clock.
///
/// Semantics (DESIGN §6), evaluated per record in arrival order:
/// - a record's windows come from its event time; it is *late* when every one of them is
///   already past `end + allowedLateness ≤ watermark` (sessions: `t + gap + lateness ≤
///   watermark`, or `t` before the end of the key's last closed session);
/// - after the record, its partition's maximum event time is updated; the watermark is the
///   minimum over active partitions of (maximum − delay), never decreasing;
/// - a window is final, and emitted once, as soon as the watermark reaches its end.
/// Because the watermark moves per record, results do not depend on how records are cut
/// into batches, which is what makes replay after a restart produce identical windows.
public struct WindowAggregator: Sendable {
    enum Windowing: Hashable, Sendable {
        case tumbling(size: Int64)
        case hopping(size: Int64, slide: Int64)
        case session(gap: Int64)
    }

    public let definition: PipelineDefinition
    /// The schema with the event-time field typed as a timestamp in the configured unit.
    public let schema: Schema
    let eventTimeField: Int
    let groupFields: [Int]
    let plan: AggregatePlan
    /// `where:`, applied to each batch before windowing.
    let filter: BoundPredicate?
    let keyGuard: KeyGuard
    let windowing: Windowing
    let allowedLateness: Int64
    let liveEvery: Int64
    let fieldTypes: [FieldType]

    var watermark: WatermarkTracker
    var strings = ByteStringTable()
    var groups: GroupKeyTable
    var store: WindowStore
    var index = PairIndex()
    var heap = DeadlineHeap()
    /// Per group: its most recent tumbling/hopping slot, which most records hit.
    var lastSlotOfGroup: [Int32] = []
    /// Per group: first session slot (linked through `store.nextInGroup`), or -1.
    var sessionHead: [Int32] = []
    /// Per group: end of its last closed session; earlier events are late.
    var sessionFloor: [Int64] = []
    /// Per group: its key values once a row has needed them (see `sharedKeyValues`), and
    /// the bytes those arrays hold.
    var keyValuesOfGroup: [[Value]] = []
    var sharedKeyBytes = 0
    public internal(set) var counters = EngineCounters()
    /// The checkpoint epoch this state belongs to; set by the owner when it checkpoints.
    public var epoch: UInt64 = 0
    var lastLiveAt: ProcessingTime?
    var liveDirty = false
    var lastNow = ProcessingTime(milliseconds: .min)

    // Per-batch scratch, kept to reuse capacity.
    var pendingRows: [Int32] = []
    var pendingSlots: [Int32] = []
    var finals: [WindowRow] = []
    /// Windows the sweep in progress closes, before their rows are built.
    var closing: [ClosingWindow] = []
    var dirtySlots: [Int32] = []

    public init(definition: PipelineDefinition) throws(StreamEngineError) {
        let name = definition.name
        var schema = definition.schema
        guard let timeIndex = schema.index(of: definition.eventTime.field) else {
            throw StreamEngineError(
                .invalidPipeline, "pipeline \(name): event time field \(definition.eventTime.field) is not in the schema")
        }
        guard schema.fields[timeIndex].type.isInt64Backed || schema.fields[timeIndex].type == .string else {
            throw StreamEngineError(
                .invalidPipeline, "pipeline \(name): event time field \(definition.eventTime.field) must be a timestamp")
        }
        schema.fields[timeIndex].type = .timestamp(definition.eventTime.unit)
        schema.fields[timeIndex].isRequired = true
        var groupFields: [Int] = []
        for g in definition.groupBy {
            guard let i = schema.index(of: g) else {
                throw StreamEngineError(.invalidPipeline, "pipeline \(name): group_by field \(g) is not in the schema")
            }
            groupFields.append(i)
        }
        guard groupFields.count < 63 else {
            throw StreamEngineError(.invalidPipeline, "pipeline \(name): at most 62 group_by fields")
        }
        self.definition = definition
        self.schema = schema
        self.eventTimeField = timeIndex
        self.groupFields = groupFields
        self.plan = try AggregatePlan(definition, schema: schema, pipeline: name)
        self.keyGuard = KeyGuard(definition.partitionFields.filter(definition.groupBy.contains), schema: schema)
        self.filter = try definition.filter.map { p throws(StreamEngineError) in try BoundPredicate(p, schema: schema, pipeline: name) }
        self.windowing = try Self.windowing(definition.window, pipeline: name)
        self.allowedLateness = max(0, definition.allowedLateness.milliseconds)
        self.liveEvery = max(0, definition.liveEvery.milliseconds)
        self.fieldTypes = schema.fields.map(\.type)
        self.watermark = WatermarkTracker(
            delay: definition.eventTime.watermarkDelay, idleTimeout: definition.eventTime.idleTimeout)
        self.groups = GroupKeyTable(arity: groupFields.count)
        self.store = WindowStore(plan: plan)
    }

    private static func windowing(_ w: WindowDefinition, pipeline: String) throws(StreamEngineError) -> Windowing {
        func ms(_ d: Duration, _ what: String) throws(StreamEngineError) -> Int64 {
            let v = d.milliseconds
            guard v > 0 else {
                throw StreamEngineError(.invalidPipeline, "pipeline \(pipeline): window \(what) must be at least 1ms")
            }
            return v
        }
        switch w {
        case .tumbling(let size): return .tumbling(size: try ms(size, "size"))
        case .hopping(let size, let slide):
            let s = try ms(size, "size"), h = try ms(slide, "slide")
            guard h <= s else {
                throw StreamEngineError(.invalidPipeline, "pipeline \(pipeline): window slide must not exceed its size")
            }
            return .hopping(size: s, slide: h)
        case .session(let gap): return .session(gap: try ms(gap, "gap"))
        }
    }

    /// The fields the aggregator reads; decode only these (others are still validated).
    public var projection: Set<String> {
        var names = Set(groupFields.map { schema.fields[$0].name })
        names.insert(schema.fields[eventTimeField].name)
        for f in plan.inputFields.union(plan.sketchFields).union(filter?.fields ?? []) { names.insert(schema.fields[f].name) }
        return names
    }

    /// An empty batch shaped for this aggregator.
    public func makeBatch() -> ColumnBatch { ColumnBatch(schema: schema, projection: projection) }

    public func makeDecoder() -> JSONBatchDecoder { JSONBatchDecoder(schema: schema) }

    public var currentWatermark: Timestamp? { watermark.current.map { Timestamp(milliseconds: $0) } }

    public var openWindowCount: Int { store.liveCount }

    /// One past the last consumed offset of each source partition, as checkpointed.
    public var sourceOffsets: [Int32: Int64] {
        var out: [Int32: Int64] = [:]
        for p in watermark.partitions { if let n = p.nextOffset { out[p.id] = n } }
        return out
    }

    public var partitions: [WatermarkTracker.Partition] { watermark.partitions }
}

/// A window the watermark closed, as the key its row is ordered by.
struct ClosingWindow {
    var end: Int64
    var start: Int64
    var group: Int32
    var slot: Int32
}
