import RivuletCore

/// Errors of the simulators: bad generator parameters, failed blob writes.
public struct SimulationError: RivuletErrorProtocol {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        public static let invalidParameter = Code(base: "invalid-parameter")
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

    public var isUsageError: Bool { code == .invalidParameter }
}
