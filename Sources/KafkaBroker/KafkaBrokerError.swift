import RivuletCore

/// Errors of the broker itself (binding, serving). Kafka protocol problems are not errors
/// here: handlers answer them with a `KafkaErrorCode`, and bad frames close the connection.
public struct KafkaBrokerError: RivuletErrorProtocol {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        /// The listen address could not be bound (in use, not permitted, bad host).
        public static let bindFailed = Code(base: "bind-failed")
        /// The service stopped before it was listening, so there is no address to report.
        public static let notListening = Code(base: "not-listening")
        /// A request could not be decoded; the connection that sent it is closed.
        public static let invalidRequest = Code(base: "invalid-request")
        /// The log refused an operation the broker depends on.
        public static let storage = Code(base: "storage")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var isUsageError: Bool { code == .bindFailed }
}
