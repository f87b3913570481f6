import StreamEngine

/// Where a pipeline's records come from: a topic of the embedded log or a directory of JSON
/// files. Offsets are per source partition and go into the operator's checkpoint.
public protocol PipelineSource: Sendable {
    /// Per source partition: one past its last known record, and the next offset to read.
    var positions: [(partition: Int32, logEnd: Int64, next: Int64)] { get }
    /// Takes the next chunk of input, not decoded yet, or nil when caught up. Positions move
    /// past it at once; the operator's checkpointed offsets move only when its decoded batch
    /// is processed, so chunks read ahead and never processed are read again after a restart.
    mutating func nextChunk() throws -> (any SourceChunk)?
    /// Returns when data may be there, at `deadline`, or when a graceful shutdown starts.
    func waitForData<C: Clock>(until deadline: C.Instant, clock: C) async throws where C.Duration == Duration
}

/// Input read from one source partition, decoded later, possibly on another thread
/// (`PipelineReader`): decoding is pure, so chunks of one source decode in parallel.
public protocol SourceChunk: Sendable {
    var partition: Int32 { get }
    /// Decodes into `batch` (which sets its `nextOffset`) and returns what could not be opened.
    func decode(with decoder: JSONBatchDecoder, into batch: inout ColumnBatch) -> [UnreadableInput]
}

/// A source chunk decoded: the batch for the operator, and the input that goes to the
/// dead-letter topic whole.
public struct DecodedChunk: Sendable {
    public var partition: Int32
    public var batch: ColumnBatch
    public var unreadable: [UnreadableInput]
}

/// Input the decoder cannot open (a damaged or compressed record batch, a file too large):
/// one dead letter naming its offset range, with its bytes as the value.
public struct UnreadableInput: Sendable {
    public var partition: Int32
    public var baseOffset: Int64
    public var lastOffset: Int64
    /// The error's code, e.g. `corrupt-compressed-data`, for the dead-letter header.
    public var code: String
    public var error: String
    public var bytes: [UInt8]
}

extension EmbeddedLogSource: PipelineSource {}
