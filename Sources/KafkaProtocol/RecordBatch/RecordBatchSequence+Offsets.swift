import NIOCore

extension RecordBatchSequence {
    /// Gives the whole batches in `buffer` consecutive base offsets starting at `firstOffset`,
    /// in place, as a leader does on append; returns the offset after the last batch.
    ///
    /// Meant for a buffer already checked by `RecordBatchSequence` or `split`. It writes only
    /// `baseOffset` (outside the CRC) and stops at the first incomplete or implausible header,
    /// so it never writes outside a batch. Drop other views of the buffer first (such as the
    /// batches from `split`) or the write copies the storage.
    @discardableResult
    public static func assignOffsets(in buffer: inout ByteBuffer, firstOffset: Int64) -> Int64 {
        var index = buffer.readerIndex
        var next = firstOffset
        while let header = RecordBatchHeader.peek(buffer, at: index),
            header.batchLength >= RecordBatch.minimumBatchLength, header.lastOffsetDelta >= 0,
            header.totalSize <= buffer.writerIndex - index
        {
            RecordBatchHeader.setBaseOffset(next, in: &buffer, batchAt: index)
            next = next &+ Int64(header.lastOffsetDelta) &+ 1
            index += header.totalSize
        }
        return next
    }

    /// The offset after the last whole batch in `buffer`, or `from` when none goes past it,
    /// from the batch headers alone (no CRC check, no records): where reading goes on once
    /// these bytes are handed out, before anyone decodes them.
    public static func nextOffset(after buffer: ByteBuffer, from: Int64, options: Options) throws(KafkaProtocolError) -> Int64 {
        var headersOnly = options
        headersOnly.verifyCRC = false
        var batches = RecordBatchSequence(buffer, options: headersOnly)
        var next = from
        while let batch = try batches.next() { next = max(next, batch.nextOffset) }
        return next
    }
}
