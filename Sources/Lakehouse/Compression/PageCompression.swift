import CompressNIO
import NIOCore

/// The page codecs Rivulet writes and reads: SNAPPY (our own `Snappy`), GZIP (system zlib
/// through CompressNIO) and UNCOMPRESSED. Others are reported as unsupported, naming the codec.
public enum LakeCompression: String, Sendable, CaseIterable {
    case none, snappy, gzip

    public var codec: CompressionCodec {
        switch self {
        case .none: return .uncompressed
        case .snappy: return .snappy
        case .gzip: return .gzip
        }
    }

    /// The infix Spark and delta-rs put in file names (`part-….snappy.parquet`).
    public var fileNameInfix: String {
        switch self {
        case .none: return ""
        case .snappy: return ".snappy"
        case .gzip: return ".gz"
        }
    }
}

enum PageCompression {
    static func compress(_ bytes: [UInt8], _ codec: CompressionCodec) throws -> [UInt8] {
        switch codec {
        case .uncompressed: return bytes
        case .snappy: return Snappy.compress(bytes)
        case .gzip:
            var input = ByteBuffer(bytes: bytes)
            do {
                var output = try input.compress(with: .gzip())
                return output.readBytes(length: output.readableBytes) ?? []
            } catch {
                throw LakehouseError(.io, "gzip compression failed", cause: error)
            }
        default:
            throw LakehouseError(.unsupportedFeature, "writing compression codec \(codec) is not supported")
        }
    }

    /// Decompresses one page; `size` is the page header's uncompressed size, already capped.
    static func decompress(_ bytes: [UInt8], _ codec: CompressionCodec, size: Int) throws -> [UInt8] {
        let result: [UInt8]
        switch codec {
        case .uncompressed: result = bytes
        case .snappy: result = try Snappy.decompress(bytes, maxLength: size)
        case .gzip:
            var input = ByteBuffer(bytes: bytes)
            do {
                var output = try input.decompress(with: .gzip(), maxSize: max(size, 1))
                result = output.readBytes(length: output.readableBytes) ?? []
            } catch {
                throw LakehouseError(.corruptFile, "gzip page does not decompress", cause: error)
            }
        default:
            throw LakehouseError(
                .unsupportedFeature, "Parquet compression codec \(codec) is not supported; rewrite with snappy or gzip")
        }
        guard result.count == size else {
            throw LakehouseError(.corruptFile, "page decompressed to \(result.count) bytes, header says \(size)")
        }
        return result
    }
}
