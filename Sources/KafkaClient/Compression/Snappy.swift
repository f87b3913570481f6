import RivuletCore
/// Snappy (format_description.txt): the raw block format, plus the "xerial" stream framing
/// that Kafka's Java client writes into record batches (a 16-byte header, then blocks each
/// prefixed by a 4-byte big-endian length). librdkafka and the Java client read both, so we
/// write xerial and read either.
///
/// Pure Swift on byte arrays; every length and offset read from input is checked, so hostile
/// input throws `KafkaClientError(.corruptCompressedData)` instead of trapping.
public enum Snappy {
    /// `0x82 "SNAPPY" 0x00`, then version 1 and minimum compatible version 1 (big-endian int32s).
    static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    static let xerialHeaderSize = 16
    /// Block size of the Java client's SnappyOutputStream.
    static let xerialBlockSize = 32 * 1024

    // MARK: raw blocks

    /// Compresses `input` into one raw Snappy block.
    public static func compressRaw(_ input: [UInt8]) -> [UInt8] { SnappyBlock.compress(input) }

    /// Decompresses one raw block. `maxOutputBytes` caps the declared length before allocating.
    public static func decompressRaw(_ input: [UInt8], maxOutputBytes: Int) throws(KafkaClientError) -> [UInt8] {
        try input.withUnsafeBufferPointer { buffer throws(KafkaClientError) in
            try decompressRaw(buffer, maxOutputBytes: maxOutputBytes)
        }
    }

    static func decompressRaw(
        _ input: UnsafeBufferPointer<UInt8>, maxOutputBytes: Int
    ) throws(KafkaClientError) -> [UInt8] {
        do {
            return try SnappyBlock.decompress(input, maxOutputBytes: maxOutputBytes)
        } catch {
            throw corrupt(error.message)
        }
    }

    // MARK: xerial framing

    /// Compresses into the xerial stream the Java client writes for `compression.type=snappy`.
    public static func compressXerial(_ input: [UInt8]) -> [UInt8] {
        var out = xerialMagic
        out.append(contentsOf: [0, 0, 0, 1, 0, 0, 0, 1])
        var start = 0
        while start < input.count {
            let end = min(input.count, start + xerialBlockSize)
            let block = compressRaw(Array(input[start..<end]))
            let n = UInt32(block.count)
            out.append(contentsOf: [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)])
            out.append(contentsOf: block)
            start = end
        }
        return out
    }

    /// Decompresses either framing: xerial when the magic header is present, one raw block otherwise.
    public static func decompress(_ input: [UInt8], maxOutputBytes: Int) throws(KafkaClientError) -> [UInt8] {
        guard input.count >= xerialHeaderSize, Array(input[0..<8]) == xerialMagic else {
            return try decompressRaw(input, maxOutputBytes: maxOutputBytes)
        }
        var out: [UInt8] = []
        var position = xerialHeaderSize
        try input.withUnsafeBufferPointer { buffer throws(KafkaClientError) in
            while position < buffer.count {
                guard position + 4 <= buffer.count else { throw corrupt("xerial snappy block length is cut short") }
                let length = Int(buffer[position]) << 24 | Int(buffer[position + 1]) << 16
                    | Int(buffer[position + 2]) << 8 | Int(buffer[position + 3])
                position += 4
                guard length <= buffer.count - position else {
                    throw corrupt("xerial snappy block of \(length) bytes overruns the input")
                }
                let block = UnsafeBufferPointer(rebasing: buffer[position..<(position + length)])
                out.append(contentsOf: try decompressRaw(block, maxOutputBytes: maxOutputBytes - out.count))
                position += length
            }
        }
        return out
    }

    private static func corrupt(_ message: String) -> KafkaClientError {
        KafkaClientError(.corruptCompressedData, message)
    }
}
