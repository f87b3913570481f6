import RivuletCore
import StreamEngine
import Synchronization

/// Live ok/warn/error counts per window for the dashboard, computed by a second aggregator
/// that the pipeline feeds the same decoded batches as its own.
///
/// Kept apart from the pipeline's aggregates on purpose: seed 000's `latest.json` and the
/// Delta table have a fixed set of columns (DESIGN §5), and adding `count_if` columns to the
/// pipeline would change both and its checkpoint fingerprint. The view emits live snapshots
/// only; its state is saved beside each checkpoint and restored when it matches the
/// pipeline's source offsets, so counts survive a restart.
///
/// Owned by the pipeline task.
struct StatusCountView: Sendable {
    /// The field read, and the values counted, as the simulators write them (DESIGN §5).
    static let field = "status"
    static let values = ["ok", "warn", "error"]

    private(set) var aggregator: WindowAggregator

    /// A view over `definition`'s source, windows and groups, or nil when the schema has no
    /// string `status` field.
    init?(_ definition: PipelineDefinition) {
        guard let statusDefinition = Self.definition(for: definition),
            let aggregator = try? WindowAggregator(definition: statusDefinition)
        else { return nil }
        self.aggregator = aggregator
    }

    /// The pipeline's definition with the aggregates replaced by one `count_if` per status value.
    static func definition(for base: PipelineDefinition) -> PipelineDefinition? {
        guard let index = base.schema.index(of: field), base.schema.fields[index].type == .string else { return nil }
        var definition = base
        definition.name = base.name + "/status"
        definition.aggregates = values.map {
            AggregateDefinition("status_" + $0, .countIf(Condition(field: field, .equal, .string($0))))
        }
        return definition
    }

    /// Restores the saved view when it stopped at the pipeline's offsets; otherwise a fresh
    /// view (its counts then cover the events read since).
    mutating func restore(_ bytes: [UInt8]?, sourceOffsets: [Int32: Int64], now: ProcessingTime) {
        guard let bytes, let restored = try? WindowAggregator.restore(from: bytes, definition: aggregator.definition, now: now),
            restored.sourceOffsets == sourceOffsets
        else { return }
        aggregator = restored
    }

    /// Aggregates the batch; returns the windows' counts when a live snapshot is due.
    mutating func process(batch: ColumnBatch, partition: Int32, now: ProcessingTime) -> [StatusWindowCounts]? {
        Self.counts(aggregator.process(batch: batch, partition: partition, now: now))
    }

    mutating func advance(processingTime now: ProcessingTime) -> [StatusWindowCounts]? {
        Self.counts(aggregator.advance(processingTime: now))
    }

    func checkpoint() -> [UInt8] { aggregator.checkpoint() }

    /// Sums the live rows of each window over its groups, windows in start order.
    static func counts(_ outputs: [EngineOutput]) -> [StatusWindowCounts]? {
        var live: LiveSnapshot?
        for case .liveSnapshot(let snapshot) in outputs { live = snapshot }
        guard let live else { return nil }
        var windows: [StatusWindowCounts] = []
        for row in live.rows {
            if windows.last?.startMilliseconds != row.windowStart.milliseconds {
                windows.append(
                    StatusWindowCounts(
                        startMilliseconds: row.windowStart.milliseconds, endMilliseconds: row.windowEnd.milliseconds))
            }
            for (i, value) in row.values.enumerated() {
                guard case .int64(let n) = value else { continue }
                windows[windows.count - 1].counts[i] += n
            }
        }
        return windows
    }
}

/// One window's counts, in `StatusCountView.values` order.
public struct StatusWindowCounts: Hashable, Sendable {
    public var startMilliseconds: Int64
    public var endMilliseconds: Int64
    public var counts: [Int64] = Array(repeating: 0, count: StatusCountView.values.count)
}

/// The newest counts of a pipeline's open windows, shared with the dashboard's readers.
public final class StatusCountsBox: Sendable {
    private let value = Mutex<[StatusWindowCounts]>([])
    public init() {}
    public var current: [StatusWindowCounts] { value.withLock { $0 } }
    func set(_ windows: [StatusWindowCounts]) { value.withLock { $0 = windows } }
}
