/// The LZ4 frame format (lz4_Frame_format.md) that Kafka record batches use for
/// `compression.type=lz4`.
///
/// We write what Kafka's Java client writes: version 01, independent blocks, no block or
/// content checksum, no content size, 64 KiB maximum block size. We read any frame: linked
/// or independent blocks, with or without block and content checksums (verified), content
/// size, dictionary ID (rejected: Kafka never uses one), uncompressed blocks, concatenated
/// frames and skippable frames.
public enum LZ4Frame {
    static let magic: UInt32 = 0x184D_2204
    static let blockSize = 64 * 1024

    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 255 + 32)
        appendLE32(magic, to: &out)
        let flags: UInt8 = 0b0110_0000  // version 01, block independence
        let blockDescriptor: UInt8 = 4 << 4  // 64 KiB blocks
        out.append(flags)
        out.append(blockDescriptor)
        out.append(UInt8((XXHash32.hash([flags, blockDescriptor]) >> 8) & 0xFF))
        input.withUnsafeBufferPointer { buffer in
            var start = 0
            var block: [UInt8] = []
            while start < buffer.count {
                let end = min(buffer.count, start + blockSize)
                let chunk = UnsafeBufferPointer(rebasing: buffer[start..<end])
                block.removeAll(keepingCapacity: true)
                LZ4Block.compress(chunk, into: &block)
                if block.count >= chunk.count {
                    // Incompressible: store the bytes, flagged by the size's high bit.
                    appendLE32(UInt32(chunk.count) | 0x8000_0000, to: &out)
                    out.append(contentsOf: chunk)
                } else {
                    appendLE32(UInt32(block.count), to: &out)
                    out.append(contentsOf: block)
                }
                start = end
            }
        }
        appendLE32(0, to: &out)  // end mark
        return out
    }

    public static func decompress(_ input: [UInt8], maxOutputBytes: Int) throws(KafkaClientError) -> [UInt8] {
        var out: [UInt8] = []
        try input.withUnsafeBufferPointer { buffer throws(KafkaClientError) in
            var reader = Reader(buffer: buffer)
            while reader.remaining > 0 {
                let frameMagic = try reader.le32()
                if frameMagic & 0xFFFF_FFF0 == 0x184D_2A50 {
                    try reader.skip(Int(try reader.le32()))  // skippable frame
                    continue
                }
                guard frameMagic == magic else {
                    throw LZ4Block.corrupt("lz4 frame magic \(String(frameMagic, radix: 16)) is not 184d2204")
                }
                try decodeFrame(&reader, into: &out, maxOutputBytes: maxOutputBytes)
            }
        }
        return out
    }

    private static func decodeFrame(
        _ reader: inout Reader, into out: inout [UInt8], maxOutputBytes: Int
    ) throws(KafkaClientError) {
        let descriptorStart = reader.position
        let flags = try reader.byte()
        let blockDescriptor = try reader.byte()
        guard flags >> 6 == 1 else { throw LZ4Block.corrupt("lz4 frame version \(flags >> 6) is not 1") }
        let hasBlockChecksum = flags & 0x10 != 0
        let hasContentSize = flags & 0x08 != 0
        let hasContentChecksum = flags & 0x04 != 0
        guard flags & 0x01 == 0 else { throw LZ4Block.corrupt("lz4 frames with a dictionary ID are not supported") }
        let maxBlock = 1 << (8 + 2 * Int((blockDescriptor >> 4) & 7))
        guard (4...7).contains((blockDescriptor >> 4) & 7) else {
            throw LZ4Block.corrupt("lz4 block maximum size code \((blockDescriptor >> 4) & 7) is invalid")
        }
        if hasContentSize { try reader.skip(8) }
        let descriptor = reader.slice(from: descriptorStart)
        let headerChecksum = try reader.byte()
        guard UInt8((XXHash32.hash(descriptor) >> 8) & 0xFF) == headerChecksum else {
            throw LZ4Block.corrupt("lz4 frame header checksum does not match")
        }
        let frameStart = out.count
        while true {
            let word = try reader.le32()
            if word == 0 { break }
            let size = Int(word & 0x7FFF_FFFF)
            guard size <= maxBlock else { throw LZ4Block.corrupt("lz4 block of \(size) bytes exceeds \(maxBlock)") }
            let block = try reader.take(size)
            if hasBlockChecksum {
                guard try reader.le32() == XXHash32.hash(block) else {
                    throw LZ4Block.corrupt("lz4 block checksum does not match")
                }
            }
            if word & 0x8000_0000 != 0 {
                guard size <= maxOutputBytes - out.count else { throw LZ4Block.corrupt("lz4 output exceeds the cap") }
                out.append(contentsOf: block)
            } else {
                try LZ4Block.decompress(block, into: &out, maxOutputBytes: maxOutputBytes)
            }
        }
        if hasContentChecksum {
            let expected = try reader.le32()
            let actual = out.withUnsafeBufferPointer { XXHash32.hash(UnsafeBufferPointer(rebasing: $0[frameStart...])) }
            guard expected == actual else { throw LZ4Block.corrupt("lz4 content checksum does not match") }
        }
    }

    private static func appendLE32(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(value & 0xFF))
        out.append(UInt8((value >> 8) & 0xFF))
        out.append(UInt8((value >> 16) & 0xFF))
        out.append(UInt8(value >> 24))
    }

    /// A bounds-checked cursor over the compressed input.
    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var position = 0

        var remaining: Int { buffer.count - position }

        mutating func byte() throws(KafkaClientError) -> UInt8 {
            guard position < buffer.count else { throw LZ4Block.corrupt("lz4 frame is cut short") }
            position += 1
            return buffer[position - 1]
        }

        mutating func le32() throws(KafkaClientError) -> UInt32 {
            guard remaining >= 4 else { throw LZ4Block.corrupt("lz4 frame is cut short") }
            defer { position += 4 }
            return UInt32(buffer[position]) | UInt32(buffer[position + 1]) << 8
                | UInt32(buffer[position + 2]) << 16 | UInt32(buffer[position + 3]) << 24
        }

        mutating func skip(_ count: Int) throws(KafkaClientError) {
            guard count >= 0, count <= remaining else { throw LZ4Block.corrupt("lz4 frame is cut short") }
            position += count
        }

        mutating func take(_ count: Int) throws(KafkaClientError) -> UnsafeBufferPointer<UInt8> {
            guard count >= 0, count <= remaining else { throw LZ4Block.corrupt("lz4 block is cut short") }
            defer { position += count }
            return UnsafeBufferPointer(rebasing: buffer[position..<(position + count)])
        }

        func slice(from start: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: buffer[start..<position])
        }
    }
}
