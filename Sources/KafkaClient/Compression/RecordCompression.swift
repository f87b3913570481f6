import KafkaProtocol
import NIOCore

/// Compresses and decompresses the records section of a RecordBatch (everything after the
/// 61-byte header) for the codecs this client implements: gzip, snappy and lz4. zstd is not
/// written yet and throws `.unsupportedCompression` with a message that says so.
public enum RecordCompression {
    /// Caps decompressed payloads: a batch that claims more is rejected before allocating.
    public static let defaultMaxDecompressedBytes = 64 * 1024 * 1024

    public static func isSupported(_ codec: CompressionCodec) -> Bool {
        codec != .zstd
    }

    public static func compress(_ payload: [UInt8], codec: CompressionCodec) throws(KafkaClientError) -> [UInt8] {
        switch codec {
        case .none: payload
        case .snappy: Snappy.compressXerial(payload)
        case .lz4: LZ4Frame.compress(payload)
        case .gzip: try GzipCodec.compress(payload)
        case .zstd: throw unsupported(codec)
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
        case .zstd: throw unsupported(codec)
        }
    }

    static func unsupported(_ codec: CompressionCodec) -> KafkaClientError {
        KafkaClientError(
            .unsupportedCompression,
            "\(codec) compression is not implemented by this client (gzip, snappy and lz4 are); "
                + "use compression none, gzip, snappy or lz4")
    }
}
