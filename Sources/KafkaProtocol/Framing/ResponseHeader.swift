import NIOCore

/// The header before every response body (ResponseHeader.json): v0 is the correlation ID,
/// v1 adds tagged fields. Use `ApiKey.responseHeaderVersion(apiVersion:)` to choose; it
/// returns v0 for every ApiVersions response.
public struct ResponseHeader: Hashable, Sendable {
    public var correlationID: Int32

    public init(correlationID: Int32) {
        self.correlationID = correlationID
    }

    public func encode(into buffer: inout ByteBuffer, headerVersion: Int16) {
        buffer.writeInteger(correlationID)
        if headerVersion >= 1 {
            buffer.writeKafkaEmptyTaggedFields()
        }
    }

    public static func decode(from buffer: inout ByteBuffer, headerVersion: Int16) throws -> ResponseHeader {
        guard (0...1).contains(headerVersion) else {
            throw KafkaProtocolError(.unsupportedVersion, "response header v\(headerVersion)")
        }
        let header = ResponseHeader(correlationID: try buffer.readKafkaInteger(as: Int32.self))
        if headerVersion >= 1 {
            try buffer.skipKafkaTaggedFields()
        }
        return header
    }
}
