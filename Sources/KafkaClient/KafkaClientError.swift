import RivuletCore

/// Errors of the Kafka client: connection failures, broker error codes, timeouts. `isRetriable` tells callers whether trying again can help.
public struct KafkaClientError: RivuletErrorProtocol {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        public static let invalidArgument = Code(base: "invalid-argument")
        public static let connectionFailed = Code(base: "connection-failed")
        public static let timeout = Code(base: "timeout")
        public static let brokerError = Code(base: "broker-error")
        public static let protocolError = Code(base: "protocol-error")
        public static let io = Code(base: "io")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var isUsageError: Bool { code == .invalidArgument }
}
