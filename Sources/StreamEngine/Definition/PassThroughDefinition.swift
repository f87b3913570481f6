/// A pipeline without a window: each decoded event that passes `filter` and `deduplicate`
/// becomes one output row, shaped by `select` (all schema fields, in order, when empty).
/// Feeds raw, bronze and silver tables. Mirrors `RivuletConfig`'s `PipelineConfiguration`.
public struct PassThroughDefinition: Hashable, Sendable {
    public var name: String
    public var schema: Schema
    /// Optional; needed by `deduplicate`, and gives the pipeline a watermark for metrics.
    public var eventTime: EventTimeDefinition?
    public var filter: Predicate?
    public var deduplicate: DeduplicateDefinition?
    public var select: [SelectItem]
    /// Fields whose values name partition directories; records with too long a value are
    /// dead-lettered (see `KeyGuard`).
    public var partitionFields: [String] = []

    public init(
        name: String, schema: Schema, eventTime: EventTimeDefinition? = nil, filter: Predicate? = nil,
        deduplicate: DeduplicateDefinition? = nil, select: [SelectItem] = []
    ) {
        self.name = name
        self.schema = schema
        self.eventTime = eventTime
        self.filter = filter
        self.deduplicate = deduplicate
        self.select = select
    }

    /// A stable hash of what shapes the saved state: schema, event-time field and dedup key.
    /// The filter and select may change across restarts; the dedup horizon too.
    public var fingerprint: UInt64 {
        var text = "passthrough-v1|\(schema.canonicalText)|"
        text += eventTime.map { "\($0.field):\($0.unit.rawValue)" } ?? "-"
        text += "|" + (deduplicate?.key.joined(separator: ",") ?? "-")
        return fnv1a(text.utf8)
    }
}

/// `deduplicate: {key: [sensor_id, ts], within: 10m}`.
public struct DeduplicateDefinition: Hashable, Sendable {
    public var key: [String]
    public var within: Duration
    /// The most keys remembered at once; the oldest are forgotten first.
    public var maxKeys: Int

    public init(key: [String], within: Duration, maxKeys: Int = 1 << 20) {
        self.key = key
        self.within = within
        self.maxKeys = maxKeys
    }
}
