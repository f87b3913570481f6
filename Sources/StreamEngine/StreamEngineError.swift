import RivuletCore

/// Errors of the streaming engine: bad pipeline definitions, incompatible checkpoints, sink failures.
public struct StreamEngineError: RivuletErrorProtocol {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        public static let invalidPipeline = Code(base: "invalid-pipeline")
        public static let incompatibleCheckpoint = Code(base: "incompatible-checkpoint")
        public static let corruptCheckpoint = Code(base: "corrupt-checkpoint")
        public static let sinkFailed = Code(base: "sink-failed")
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

    public var isUsageError: Bool { code == .invalidPipeline || code == .incompatibleCheckpoint }
}
