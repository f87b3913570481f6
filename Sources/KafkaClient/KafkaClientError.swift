import KafkaProtocol
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
        /// Compressed record data that does not decode (or exceeds its size cap).
        public static let corruptCompressedData = Code(base: "corrupt-compressed-data")
        /// A codec this client cannot use here (zstd without the system libzstd).
        public static let unsupportedCompression = Code(base: "unsupported-compression")
        /// The broker and this client share no version of an API we need.
        public static let unsupportedVersion = Code(base: "unsupported-version")
        /// The client was closed; nothing more is accepted.
        public static let closed = Code(base: "closed")
        /// A record larger than the producer's batch or buffer limits.
        public static let recordTooLarge = Code(base: "record-too-large")
        public static let unknownTopicOrPartition = Code(base: "unknown-topic-or-partition")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?
    /// The broker's error code when `code` is `.brokerError`.
    public var kafkaErrorCode: KafkaErrorCode?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// A broker's error code, with what we were doing when it came back.
    public init(broker kafkaErrorCode: KafkaErrorCode, _ context: String, errorMessage: String? = nil) {
        self.code = .brokerError
        self.message = "\(context): broker answered \(kafkaErrorCode)" + (errorMessage.map { " (\($0))" } ?? "")
        self.kafkaErrorCode = kafkaErrorCode
    }

    public var isUsageError: Bool { code == .invalidArgument }

    /// Connection failures, timeouts and the broker's retriable codes (leader moved,
    /// coordinator loading, …) may succeed when tried again; the rest will not.
    public var isRetriable: Bool {
        switch code {
        case .connectionFailed, .timeout: true
        case .brokerError: kafkaErrorCode?.isRetriable ?? false
        case .unknownTopicOrPartition: true
        default: false
        }
    }
}

extension KafkaErrorCode {
    /// Throws a `.brokerError` unless this is `.none`.
    func check(_ context: @autoclosure () -> String, message: String? = nil) throws(KafkaClientError) {
        guard self != .none else { return }
        throw KafkaClientError(broker: self, context(), errorMessage: message)
    }
}
