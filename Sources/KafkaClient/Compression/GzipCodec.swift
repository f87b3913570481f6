import CompressNIO
import NIOCore

/// Kafka's gzip codec: one gzip member (RFC 1952) over the records section, through the
/// system zlib (via CompressNIO).
enum GzipCodec {
    static func compress(_ payload: [UInt8]) throws(KafkaClientError) -> [UInt8] {
        var input = ByteBuffer(bytes: payload)
        do {
            var output = try input.compress(with: .gzip())
            return output.readBytes(length: output.readableBytes) ?? []
        } catch {
            throw KafkaClientError(.protocolError, "gzip compression failed", cause: error)
        }
    }

    /// Inflates at most `maxOutputBytes`; a batch that inflates beyond it is refused.
    static func decompress(_ payload: [UInt8], maxOutputBytes: Int) throws(KafkaClientError) -> [UInt8] {
        var input = ByteBuffer(bytes: payload)
        do {
            var output = try input.decompress(with: .gzip(), maxSize: maxOutputBytes)
            return output.readBytes(length: output.readableBytes) ?? []
        } catch {
            throw KafkaClientError(
                .protocolError, "a gzip batch does not decompress (or inflates past \(maxOutputBytes) bytes)", cause: error)
        }
    }
}
