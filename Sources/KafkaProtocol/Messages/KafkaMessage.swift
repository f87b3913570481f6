import NIOCore

/// A request or response body of one Kafka API, encoded and decoded per version exactly as
/// the JSON message specs describe. Headers and framing are separate (`RequestHeader`,
/// `ResponseHeader`, `KafkaFrameDecoder`).
///
/// `decode` throws `KafkaProtocolError` for unsupported versions and malformed bytes and never
/// traps; `encode` cannot fail. Fields a version does not have are left out on encode and read
/// back as their defaults, so `decode(encode(x)) == x` whenever `x` only sets fields of that
/// version.
public protocol KafkaMessage: Hashable, Sendable {
    static var apiKey: ApiKey { get }
    static func decode(from buffer: inout ByteBuffer, version: Int16) throws -> Self
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

public protocol KafkaRequest: KafkaMessage {
    associatedtype Response: KafkaResponse
}

public protocol KafkaResponse: KafkaMessage {
    associatedtype Request: KafkaRequest
}
