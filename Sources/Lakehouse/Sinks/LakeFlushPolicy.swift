import RivuletCore

/// When buffered rows become files, and when a table's small files are compacted: the
/// `lake:` keys `target_file_size`, `flush_interval` and `optimize_after_files`.
public struct LakeFlushPolicy: Hashable, Sendable {
    /// A partition's rows are written once they reach this many bytes in memory
    /// (`ColumnarRows.estimatedBytes`; the file is smaller after encoding and compression).
    public var targetFileSize: ByteCount = .mebibytes(128)
    /// Buffered rows are written at the latest this long after the oldest of them arrived.
    public var flushInterval: Duration = .seconds(30)
    /// All buffered rows are written once together they reach this many bytes in memory,
    /// however many partitions they are spread over.
    public var maxBufferedBytes: ByteCount = .mebibytes(512)
    /// A partition with at least this many files smaller than `targetFileSize` is compacted
    /// into one after a commit; 0 turns automatic compaction off.
    public var optimizeAfterFiles = 50

    public init() {}
}
