import RivuletCore

/// Errors of the lake: unreadable Parquet or Delta files, commit conflicts, unsupported table features.
public struct LakehouseError: RivuletErrorProtocol {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        public static let corruptFile = Code(base: "corrupt-file")
        public static let unsupportedFeature = Code(base: "unsupported-feature")
        public static let commitConflict = Code(base: "commit-conflict")
        public static let invalidArgument = Code(base: "invalid-argument")
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
