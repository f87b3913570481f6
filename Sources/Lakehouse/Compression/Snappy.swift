import RivuletCore

/// Raw Snappy blocks, as Parquet's SNAPPY codec stores pages (no framing format): the shared
/// `SnappyBlock` codec with the lake's error type and its extra cap on the declared size.
public enum Snappy {
    /// The largest expansion a valid stream can achieve: a 3-byte copy yields 64 bytes.
    static let maxExpansion = 22

    public static func compress(_ input: [UInt8]) -> [UInt8] { SnappyBlock.compress(input) }

    /// The uncompressed length a stream declares, without decompressing it.
    public static func uncompressedLength(_ input: [UInt8]) throws -> Int {
        do { return try SnappyBlock.uncompressedLength(input) } catch { throw corrupt(error.message) }
    }

    /// Decompresses a raw block; `maxLength` caps the declared size (callers pass the page's
    /// uncompressed size so a forged preamble cannot make us allocate gigabytes).
    public static func decompress(_ input: [UInt8], maxLength: Int = 1 << 30) throws -> [UInt8] {
        let length = try uncompressedLength(input)
        guard length <= maxLength, length <= input.count * maxExpansion + 64 else {
            throw corrupt("declared length \(length) exceeds cap")
        }
        do { return try SnappyBlock.decompress(input, maxOutputBytes: maxLength) } catch { throw corrupt(error.message) }
    }

    static func corrupt(_ what: String) -> LakehouseError {
        LakehouseError(.corruptFile, "malformed Snappy data: \(what)")
    }
}
