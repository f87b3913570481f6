import KafkaProtocol
import NIOCore
import TestSupport
import Testing

/// Encodes, decodes and compares; also checks that decode consumed exactly what encode wrote.
func expectRoundTrip<M: KafkaMessage>(
    _ message: M, version: Int16, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var buffer = ByteBuffer()
    message.encode(into: &buffer, version: version)
    let decoded = try M.decode(from: &buffer, version: version)
    #expect(decoded == message, "\(M.self) v\(version)", sourceLocation: sourceLocation)
    #expect(buffer.readableBytes == 0, "\(M.self) v\(version) left bytes", sourceLocation: sourceLocation)
}

func encoded<M: KafkaMessage>(_ message: M, version: Int16) -> [UInt8] {
    var buffer = ByteBuffer()
    message.encode(into: &buffer, version: version)
    return Array(buffer.readableBytesView)
}

/// `"00 12 ff"` → bytes, so golden vectors can be written as in a hex dump.
func hex(_ text: String) -> [UInt8] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
}

