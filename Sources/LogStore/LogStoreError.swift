import RivuletCore

/// Errors of the embedded log. Messages name the file or topic involved and what to do.
public struct LogStoreError: RivuletErrorProtocol {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        public static let corruptSegment = Code(base: "corrupt-segment")
        public static let offsetOutOfRange = Code(base: "offset-out-of-range")
        public static let diskFull = Code(base: "disk-full")
        public static let permissionDenied = Code(base: "permission-denied")
        public static let io = Code(base: "io")
        public static let unknownTopicOrPartition = Code(base: "unknown-topic-or-partition")
        public static let topicAlreadyExists = Code(base: "topic-already-exists")
        public static let invalidTopic = Code(base: "invalid-topic")
        public static let invalidPartitions = Code(base: "invalid-partitions")
        public static let invalidBatch = Code(base: "invalid-batch")
        public static let batchTooLarge = Code(base: "batch-too-large")
        public static let closed = Code(base: "closed")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var isRetriable: Bool { code == .diskFull || code == .io }
}

/// An errno from a system call, kept as the `cause` of a `LogStoreError`.
public struct SystemCallError: Error, Hashable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32
    public var description: String { "\(call): \(String(cString: strerror(errno))) (errno \(errno))" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LogStoreError {
    /// Maps an errno to the code a caller can act on: disk full and permission problems
    /// are the ones users fix themselves.
    static func system(_ call: String, errno: Int32, path: String) -> LogStoreError {
        let cause = SystemCallError(call: call, errno: errno)
        switch errno {
        case ENOSPC, EDQUOT:
            return LogStoreError(.diskFull, "no space left while writing \(path); free disk space or lower broker.retention", cause: cause)
        case EACCES, EPERM, EROFS:
            return LogStoreError(.permissionDenied, "cannot write \(path): permission denied; check the owner and mode of the data directory", cause: cause)
        default:
            return LogStoreError(.io, "\(call) failed on \(path)", cause: cause)
        }
    }
}
