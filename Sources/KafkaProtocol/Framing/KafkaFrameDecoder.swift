import NIOCore

/// Splits a byte stream into Kafka frames: a 4-byte big-endian size, then that many bytes
/// (protocol.html, "Requests and responses"). Pure: the connection appends what it reads and
/// takes frames out; no NIO handlers involved.
///
/// A negative size or one above `maxFrameBytes` throws `.lengthOutOfRange`; the stream cannot
/// be resynchronised after that, so the caller closes the connection. The cap stops a peer from
/// making us buffer gigabytes on the strength of four bytes.
public struct KafkaFrameDecoder: Sendable {
    public static let defaultMaxFrameBytes = 100 * 1024 * 1024
    public static let sizePrefixBytes = 4
    public static let defaultGrowthStepBytes = 1024 * 1024

    public let maxFrameBytes: Int
    /// Most the buffer grows ahead of bytes actually received. A broker keeps this small (a
    /// client's four bytes should not make it allocate much); a client reading multi-megabyte
    /// Fetch responses from its broker reserves the whole frame at once instead of copying the
    /// growing buffer at every step.
    public let growthStepBytes: Int
    private var buffer: ByteBuffer
    /// True once a frame was sliced out of `buffer`: its storage is then shared, so writing to
    /// it would copy it whole (copy-on-write); the unread rest is moved out first instead.
    private var shared = false

    public init(
        maxFrameBytes: Int = KafkaFrameDecoder.defaultMaxFrameBytes, growthStepBytes: Int = KafkaFrameDecoder.defaultGrowthStepBytes
    ) {
        self.maxFrameBytes = maxFrameBytes
        self.growthStepBytes = max(1, growthStepBytes)
        self.buffer = ByteBuffer()
    }

    /// Bytes received but not yet returned as a frame.
    public var bufferedBytes: Int { buffer.readableBytes }

    /// Adopts `bytes` when nothing is buffered (frames are then slices of the read buffer, no
    /// copy); appends them otherwise.
    public mutating func append(_ bytes: ByteBuffer) {
        if buffer.readableBytes == 0 {
            buffer = bytes
            shared = false
            return
        }
        if shared || buffer.writableBytes < bytes.readableBytes {
            relocate(capacity: buffer.readableBytes + max(bytes.readableBytes, frameRemainder))
        }
        var bytes = bytes
        buffer.writeBuffer(&bytes)
    }

    public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        append(ByteBuffer(bytes: Array(bytes)))
    }

    /// Bytes still missing from the frame that starts the buffer, bounded by the growth step;
    /// 0 while its size prefix is incomplete.
    private var frameRemainder: Int {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self), size >= 0 else { return 0 }
        return min(max(0, Self.sizePrefixBytes + Int(size) - buffer.readableBytes), growthStepBytes)
    }

    /// Moves the unread bytes into a buffer of their own with room for `capacity` bytes: the
    /// one copy they need, instead of a compaction and then a growth.
    private mutating func relocate(capacity: Int) {
        var fresh = ByteBufferAllocator().buffer(capacity: max(capacity, buffer.readableBytes))
        fresh.writeBuffer(&buffer)
        buffer = fresh
        shared = false
    }

    /// The next complete frame without its size prefix, or nil until more bytes arrive.
    public mutating func nextFrame() throws -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 0, Int(size) <= maxFrameBytes else {
            throw KafkaProtocolError(.lengthOutOfRange, "frame size \(size) outside 0...\(maxFrameBytes)")
        }
        let missing = Self.sizePrefixBytes + Int(size) - buffer.readableBytes
        guard missing <= 0 else {
            // Room for the rest of the frame at once instead of doubling per read; bounded so
            // that four bytes alone never make us allocate much.
            let room = min(missing, growthStepBytes)
            if shared || buffer.writableBytes < room { relocate(capacity: buffer.readableBytes + room) }
            return nil
        }
        buffer.moveReaderIndex(forwardBy: Self.sizePrefixBytes)
        guard let frame = buffer.readSlice(length: Int(size)) else { return nil }
        if buffer.readableBytes == 0 {
            // The next read is adopted as it is.
            buffer = ByteBuffer()
            shared = false
        } else {
            shared = true
        }
        return frame
    }

    /// All complete frames currently buffered.
    public mutating func nextFrames() throws -> [ByteBuffer] {
        var frames: [ByteBuffer] = []
        while let frame = try nextFrame() { frames.append(frame) }
        return frames
    }

    /// Writes `body` preceded by its size, the inverse of `nextFrame`.
    public static func writeFrame(_ body: ByteBuffer, into out: inout ByteBuffer) {
        var body = body
        out.writeInteger(Int32(truncatingIfNeeded: body.readableBytes))
        out.writeBuffer(&body)
    }
}
