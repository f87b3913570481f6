import KafkaProtocol
import NIOCore

/// Compresses and decompresses the records section of a RecordBatch (everything after the
/// 61-byte header) for every Kafka codec: gzip (system zlib), snappy and lz4 (ours) and zstd
/// (system libzstd, loaded at run time; where it is missing, zstd throws
/// `.unsupportedCompression` saying what to install).
public enum RecordCompression {
    /// Caps decompressed payloads: a batch that claims more is rejected before allocating.
    public static let defaultMaxDecompressedBytes = 64 * 1024 * 1024

    public static func isSupported(_ codec: CompressionCodec) -> Bool {
        codec != .zstd || ZstdCodec.unavailable == nil
    }

    public static func compress(_ payload: [UInt8], codec: CompressionCodec) throws(KafkaClientError) -> [UInt8] {
        switch codec {
        case .none: payload
        case .snappy: Snappy.compressXerial(payload)
        case .lz4: LZ4Frame.compress(payload)
        case .gzip: try GzipCodec.compress(payload)
        case .zstd: try ZstdCodec.compress(payload)
        }
    }

    public static func decompress(
        _ payload: [UInt8], codec: CompressionCodec, maxOutputBytes: Int = defaultMaxDecompressedBytes
    ) throws(KafkaClientError) -> [UInt8] {
        switch codec {
        case .none: payload
        case .snappy: try Snappy.decompress(payload, maxOutputBytes: maxOutputBytes)
        case .lz4: try LZ4Frame.decompress(payload, maxOutputBytes: maxOutputBytes)
        case .gzip: try GzipCodec.decompress(payload, maxOutputBytes: maxOutputBytes)
        case .zstd: try ZstdCodec.decompress(payload, maxOutputBytes: maxOutputBytes)
        }
    }

    /// Why `codec` cannot be used here (only zstd can be missing: libzstd is not installed).
    static func unsupported(_ codec: CompressionCodec) -> KafkaClientError {
        ZstdCodec.unavailable
            ?? KafkaClientError(.unsupportedCompression, "\(codec) compression is not available in this client")
    }
}
