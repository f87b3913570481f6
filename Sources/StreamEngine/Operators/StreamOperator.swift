import RivuletCore

/// What `ExactlyOnceRun` drives: a pure operator over decoded batches whose whole state
/// (including source offsets) is one checkpoint. `WindowAggregator` (windowed pipelines) and
/// `PassThroughOperator` (row pipelines) conform.
public protocol StreamOperator: Sendable {
    associatedtype Definition: Sendable
    /// What the operator hands to its transactional sink per epoch.
    associatedtype Results: RangeReplaceableCollection & Sendable

    /// The checkpoint epoch this state belongs to; set by the owner when it checkpoints.
    var epoch: UInt64 { get set }
    /// One past the last consumed offset of each source partition.
    var sourceOffsets: [Int32: Int64] { get }
    var counters: EngineCounters { get }
    /// Counts records the source could not hand to the operator (a batch that cannot be
    /// opened goes to the dead-letter topic whole).
    mutating func countDeadLetters(_ records: Int64)
    var currentWatermark: Timestamp? { get }
    /// Windows not yet final (0 for operators without windows).
    var openWindowCount: Int { get }
    /// When the pending live snapshot is due; nil when there is none (or no live output).
    var nextLiveSnapshotDue: ProcessingTime? { get }

    init(definition: Definition) throws(StreamEngineError)
    static func restore(from bytes: [UInt8], definition: Definition, now: ProcessingTime) throws(StreamEngineError) -> Self
    func checkpoint() -> [UInt8]

    func makeBatch() -> ColumnBatch
    func makeDecoder() -> JSONBatchDecoder
    mutating func process(batch: ColumnBatch, partition: Int32, now: ProcessingTime) -> [EngineOutput]
    mutating func advance(processingTime now: ProcessingTime) -> [EngineOutput]
    /// The part of `output` that belongs to the transactional sink, or nil.
    static func sinkResults(_ output: EngineOutput) -> Results?
}

extension WindowAggregator: StreamOperator {
    public mutating func countDeadLetters(_ records: Int64) { counters.deadLetters += records }

    public static func sinkResults(_ output: EngineOutput) -> [WindowRow]? {
        if case .finalWindows(let rows) = output { return rows }
        return nil
    }
}

extension PassThroughOperator {
    /// Pass-through pipelines have no live snapshot.
    public var nextLiveSnapshotDue: ProcessingTime? { nil }

    public mutating func countDeadLetters(_ records: Int64) { counters.deadLetters += records }
}
