/// Rows waiting to become files, kept per partition so that each flush writes one file per
/// partition instead of one per batch (the small-files problem). Pure: the owner passes the
/// time (`now`, elapsed on its own injected clock from any fixed origin), asks `dueNow`
/// and writes what `take` returns.
///
/// ```swift
/// var buffer = PartitionedRowBuffer(schema: schema, partitionBy: ["dt"], policy: policy, now: elapsed())
/// try buffer.append(rows, now: elapsed())
/// if buffer.isDue(now: elapsed()) { try writer.flush(buffer.takeAll(now: elapsed())) }
/// ```
public struct PartitionedRowBuffer: Sendable {
    public let schema: LakeSchema
    public let partitionBy: [String]
    public let policy: LakeFlushPolicy
    private var partitions: [[String?]: Entry] = [:]
    private var order: [[String?]] = []
    public private(set) var bufferedBytes: Int64 = 0
    public private(set) var bufferedRows = 0
    /// When the buffer was last emptied by `takeAll` (or created).
    public private(set) var lastFlush: Duration

    struct Entry: Sendable {
        var rows: ColumnarRows
        var bytes: Int64
        var since: Duration
    }

    public init(schema: LakeSchema, partitionBy: [String], policy: LakeFlushPolicy, now: Duration) {
        self.schema = schema
        self.partitionBy = partitionBy
        self.policy = policy
        self.lastFlush = now
    }

    public mutating func append(_ rows: ColumnarRows, now: Duration) throws {
        guard rows.schema == schema else {
            throw LakehouseError(.invalidArgument, "rows do not have the buffer's schema")
        }
        try append(try rows.partitioned(by: partitionBy), now: now)
    }

    /// Appends rows already split by `partitionBy` (as `ColumnarRows.partitioned(by:)` returns
    /// them), each with this buffer's schema.
    public mutating func append(_ parts: [PartitionRows], now: Duration) throws {
        for part in parts {
            guard part.rows.schema == schema else {
                throw LakehouseError(.invalidArgument, "rows do not have the buffer's schema")
            }
            let bytes = part.rows.estimatedBytes
            if partitions[part.values] == nil {
                order.append(part.values)
                partitions[part.values] = Entry(rows: part.rows, bytes: bytes, since: now)
            } else {
                try partitions[part.values]?.rows.append(part.rows)
                partitions[part.values]?.bytes += bytes
            }
            bufferedBytes += bytes
            bufferedRows += part.rows.count
        }
    }

    /// Partitions to write now: those at the target size or past the interval; all of them
    /// when together they pass `maxBufferedBytes`.
    public func duePartitions(now: Duration) -> [[String?]] {
        if bufferedBytes >= policy.maxBufferedBytes.rawValue { return order }
        return order.filter { key in
            guard let e = partitions[key] else { return false }
            return e.bytes >= policy.targetFileSize.rawValue || now - e.since >= policy.flushInterval
        }
    }

    public func isDue(now: Duration) -> Bool { !duePartitions(now: now).isEmpty }

    /// Removes and returns the named partitions' rows, in arrival order.
    public mutating func take(_ keys: [[String?]]) -> [PartitionRows] {
        let wanted = Set(keys)
        var out: [PartitionRows] = []
        for key in order where wanted.contains(key) {
            guard let e = partitions.removeValue(forKey: key) else { continue }
            bufferedBytes -= e.bytes
            bufferedRows -= e.rows.count
            out.append(PartitionRows(values: key, rows: e.rows))
        }
        order.removeAll { wanted.contains($0) }
        return out
    }

    /// Removes and returns every partition's rows; the flush interval starts again.
    public mutating func takeAll(now: Duration) -> [PartitionRows] {
        lastFlush = now
        return take(order)
    }
}
