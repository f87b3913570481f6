import KafkaProtocol
import NIOCore

/// Walks the batches of a segment file from a position, checking framing, magic, offset
/// continuity and (optionally) CRCs. Used by recovery and by lookups that walk forward
/// from an index entry. Reads in large chunks; never trusts a length before checking it.
struct SegmentScanner {
    enum Stop: Equatable, Sendable {
        /// Reached the end of the file (or the requested limit) cleanly.
        case end
        /// The bytes at `position` are not a valid batch: a torn write or corruption.
        case invalid(position: Int64, reason: String)
    }

    let segment: Segment
    let fileSize: Int64
    let maxBatchBytes: Int
    let verifyCRC: Bool
    var chunkBytes = 1 << 20

    /// Calls `visit` for each valid batch from `position` while it returns true.
    /// `expectedOffset`, when given, must equal the first batch's base offset and each
    /// following batch must continue it.
    func scan(
        from position: Int64, expectedOffset: Int64?, visit: (BatchLocation) throws -> Bool
    ) throws -> (stop: Stop, endPosition: Int64) {
        var chunkStart = position
        var chunk = ByteBuffer()
        var cursor = position
        var expected = expectedOffset
        while cursor < fileSize {
            // Make sure the header, then the whole batch, is inside the current chunk.
            if cursor + Int64(RecordBatchHeader.size) > chunkStart + Int64(chunk.readableBytes) {
                chunkStart = cursor
                chunk = try segment.read(at: cursor, count: Int(min(Int64(chunkBytes), fileSize - cursor)))
            }
            let local = Int(cursor - chunkStart)
            guard let header = RecordBatchHeader.peek(chunk, at: chunk.readerIndex + local) else {
                return (.invalid(position: cursor, reason: "\(fileSize - cursor) bytes at the end are not a whole batch header"), cursor)
            }
            if let problem = Self.problem(with: header, maxBatchBytes: maxBatchBytes, expectedOffset: expected) {
                return (.invalid(position: cursor, reason: problem), cursor)
            }
            let total = header.totalSize
            guard cursor + Int64(total) <= fileSize else {
                return (.invalid(position: cursor, reason: "batch at offset \(header.baseOffset) is cut short"), cursor)
            }
            if verifyCRC {
                // Only a CRC needs the batch's body; a walk over headers reads none of it.
                if cursor + Int64(total) > chunkStart + Int64(chunk.readableBytes) {
                    chunkStart = cursor
                    chunk = try segment.read(at: cursor, count: Int(min(Int64(max(chunkBytes, total)), fileSize - cursor)))
                }
                let at = chunk.readerIndex + Int(cursor - chunkStart)
                guard RecordBatchHeader.computeCRC(chunk, batchAt: at, totalSize: total) == header.crc else {
                    return (.invalid(position: cursor, reason: "CRC mismatch in batch at offset \(header.baseOffset)"), cursor)
                }
            }
            let location = BatchLocation(
                position: cursor, size: total, baseOffset: header.baseOffset, lastOffset: header.lastOffset,
                maxTimestamp: header.maxTimestamp)
            cursor += Int64(total)
            expected = header.lastOffset + 1
            if try !visit(location) { return (.end, cursor) }
        }
        return (.end, cursor)
    }

    /// Why a header cannot start a valid batch here, or nil if it can.
    static func problem(with header: RecordBatchHeader, maxBatchBytes: Int, expectedOffset: Int64?) -> String? {
        if header.magic != RecordBatchHeader.magicV2 { return "magic byte \(header.magic), expected 2" }
        if header.totalSize < RecordBatchHeader.size || header.totalSize > maxBatchBytes {
            return "batch length \(header.batchLength) is out of range"
        }
        if header.lastOffsetDelta < 0 { return "negative lastOffsetDelta" }
        if let expectedOffset, header.baseOffset != expectedOffset {
            return "batch starts at offset \(header.baseOffset), expected \(expectedOffset)"
        }
        return nil
    }
}
