import KafkaProtocol
import NIOCore
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

/// Deterministic generator so fuzz failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
