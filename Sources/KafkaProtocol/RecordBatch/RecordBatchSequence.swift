import NIOCore

/// Splits a buffer of zero or more concatenated record batches (the `records` field of a
/// Produce request or Fetch response) into whole `RecordBatch` views, without copying.
///
/// Per batch it peeks the header, checks length, magic and counts, and makes one CRC pass
/// when `verifyCRC` is set; records are not decoded. A final batch cut short (Fetch responses
/// may end mid-batch) ends the sequence and is reported in `truncatedTailBytes` when
/// `allowTruncatedTail` is set, and is a `.truncated` error otherwise.
///
/// ```swift
/// var batches = RecordBatchSequence(request.records, options: .init(maxBatchBytes: limit))
/// while let batch = try batches.next() { … }
/// ```
public struct RecordBatchSequence: Sendable {
    public struct Options: Sendable {
        /// Largest accepted batch, `batchLength + 12`; a larger declared length is `.lengthOutOfRange`.
        public var maxBatchBytes: Int
        public var verifyCRC: Bool
        /// True for Fetch responses; Produce requests must hold only whole batches.
        public var allowTruncatedTail: Bool

        public init(
            maxBatchBytes: Int = RecordBatch.defaultMaxBatchBytes, verifyCRC: Bool = true,
            allowTruncatedTail: Bool = false
        ) {
            self.maxBatchBytes = maxBatchBytes
            self.verifyCRC = verifyCRC
            self.allowTruncatedTail = allowTruncatedTail
        }
    }

    public let options: Options
    private var remaining: ByteBuffer
    private let origin: Int
    /// Bytes of an incomplete final batch, known once `next()` has returned nil.
    public private(set) var truncatedTailBytes = 0

    public init(_ buffer: ByteBuffer, options: Options = Options()) {
        self.options = options
        self.remaining = buffer
        self.origin = buffer.readerIndex
    }

    /// The next whole batch, or nil at the end (including a tolerated truncated tail).
    /// After a throw, calling again throws the same error.
    public mutating func next() throws(KafkaProtocolError) -> RecordBatch? {
        let index = remaining.readerIndex
        let available = remaining.readableBytes
        let position = index - origin
        if available == 0 { return nil }
        guard available >= RecordBatchHeader.lengthPrefixSize,
            let batchLength = remaining.getInteger(at: index + 8, as: Int32.self)
        else { return try endWithTail(available, at: position) }
        try RecordBatch.checkLength(batchLength, maxBatchBytes: options.maxBatchBytes, at: position)
        // A partial batch whose magic is visible and wrong is garbage, not a tail.
        if let magic = remaining.getInteger(at: index + 16, as: Int8.self) {
            try RecordBatch.checkMagic(magic, at: position)
        }
        let totalSize = Int(batchLength) + RecordBatchHeader.lengthPrefixSize
        guard available >= totalSize, let header = RecordBatchHeader.peek(remaining, at: index) else {
            return try endWithTail(available, at: position)
        }
        if options.verifyCRC { try RecordBatch.checkCRC(header, in: remaining, batchAt: index, position: position) }
        try RecordBatch.checkCounts(header, at: position)
        guard let bytes = remaining.readSlice(length: totalSize) else {
            return try endWithTail(available, at: position)
        }
        return RecordBatch(header: header, bytes: bytes)
    }

    private mutating func endWithTail(_ available: Int, at position: Int) throws(KafkaProtocolError) -> RecordBatch? {
        guard options.allowTruncatedTail else {
            throw KafkaProtocolError(
                .truncated, "record batch at byte \(position) is cut short: only \(available) bytes remain")
        }
        truncatedTailBytes = available
        remaining.moveReaderIndex(forwardBy: available)
        return nil
    }

    /// Every whole batch in `buffer` and the size of a truncated tail (0 when there is none).
    public static func split(
        _ buffer: ByteBuffer, maxBatchBytes: Int = RecordBatch.defaultMaxBatchBytes, verifyCRC: Bool = true,
        allowTruncatedTail: Bool = false
    ) throws(KafkaProtocolError) -> (batches: [RecordBatch], truncatedTailBytes: Int) {
        var sequence = RecordBatchSequence(
            buffer,
            options: Options(maxBatchBytes: maxBatchBytes, verifyCRC: verifyCRC, allowTruncatedTail: allowTruncatedTail)
        )
        var batches: [RecordBatch] = []
        while let batch = try sequence.next() { batches.append(batch) }
        return (batches, sequence.truncatedTailBytes)
    }
}
