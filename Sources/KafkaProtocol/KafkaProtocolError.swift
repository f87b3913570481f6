import RivuletCore

/// Why bytes could not be decoded as a Kafka frame, message or record batch. Decoders
/// return or throw this; they never trap on untrusted input.
public struct KafkaProtocolError: RivuletErrorProtocol, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        /// The bytes end before the structure does.
        public static let truncated = Code(base: "truncated")
        /// A length, count or size is negative or above its cap.
        public static let lengthOutOfRange = Code(base: "length-out-of-range")
        /// The stored CRC does not match the bytes.
        public static let corruptMessage = Code(base: "corrupt-message")
        /// Magic byte, API version or field value the decoder does not accept.
        public static let unsupportedVersion = Code(base: "unsupported-version")
        public static let invalidValue = Code(base: "invalid-value")
        public static let unsupportedCompression = Code(base: "unsupported-compression")
    }

    public var code: Code
    public var message: String
    /// Codec errors come from the bytes themselves; there is no underlying error.
    public var cause: (any Error)? { nil }

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
