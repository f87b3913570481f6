import NIOCore

/// The header before every request body (RequestHeader.json).
///
/// ```
/// v0: apiKey int16, apiVersion int16, correlationID int32
/// v1: + clientID NULLABLE_STRING (always the int16-length form, even in flexible requests,
///       so that any broker can read the header of an ApiVersions request)
/// v2: + tagged fields
/// ```
/// The API key is kept raw so that a broker can answer an unknown one without failing decode.
public struct RequestHeader: Hashable, Sendable {
    public var apiKey: Int16
    public var apiVersion: Int16
    public var correlationID: Int32
    public var clientID: String?

    public init(apiKey: Int16, apiVersion: Int16, correlationID: Int32, clientID: String? = nil) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
    }

    public init(apiKey: ApiKey, apiVersion: Int16, correlationID: Int32, clientID: String? = nil) {
        self.init(apiKey: apiKey.rawValue, apiVersion: apiVersion, correlationID: correlationID, clientID: clientID)
    }

    /// The API, when it is one we know.
    public var knownApiKey: ApiKey? { ApiKey(rawValue: apiKey) }

    /// The header version the sender used, from the API's flexible versions; unknown APIs get
    /// v1, which is enough to read the correlation ID and answer with an error.
    public static func version(apiKey: Int16, apiVersion: Int16) -> Int16 {
        ApiKey(rawValue: apiKey)?.requestHeaderVersion(apiVersion: apiVersion) ?? 1
    }

    /// Reads a header whose version follows from its own API key and version.
    public static func decode(from buffer: inout ByteBuffer) throws -> RequestHeader {
        guard let apiKey = buffer.getInteger(at: buffer.readerIndex, as: Int16.self),
            let apiVersion = buffer.getInteger(at: buffer.readerIndex + 2, as: Int16.self)
        else { throw KafkaProtocolError(.truncated, "request header needs 4 bytes, \(buffer.readableBytes) left") }
        return try decode(from: &buffer, headerVersion: version(apiKey: apiKey, apiVersion: apiVersion))
    }

    public static func decode(from buffer: inout ByteBuffer, headerVersion: Int16) throws -> RequestHeader {
        guard (0...2).contains(headerVersion) else {
            throw KafkaProtocolError(.unsupportedVersion, "request header v\(headerVersion)")
        }
        var header = RequestHeader(
            apiKey: try buffer.readKafkaInteger(as: Int16.self),
            apiVersion: try buffer.readKafkaInteger(as: Int16.self),
            correlationID: try buffer.readKafkaInteger(as: Int32.self))
        if headerVersion >= 1 {
            header.clientID = try buffer.readKafkaNullableString(compact: false)
        }
        if headerVersion >= 2 {
            try buffer.skipKafkaTaggedFields()
        }
        return header
    }

    public func encode(into buffer: inout ByteBuffer, headerVersion: Int16) {
        buffer.writeInteger(apiKey)
        buffer.writeInteger(apiVersion)
        buffer.writeInteger(correlationID)
        if headerVersion >= 1 {
            buffer.writeKafkaNullableString(clientID, compact: false)
        }
        if headerVersion >= 2 {
            buffer.writeKafkaEmptyTaggedFields()
        }
    }

    /// Encodes with the header version this API and version call for.
    public func encode(into buffer: inout ByteBuffer) {
        encode(into: &buffer, headerVersion: Self.version(apiKey: apiKey, apiVersion: apiVersion))
    }
}
