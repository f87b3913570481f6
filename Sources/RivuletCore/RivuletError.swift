/// The shape every part's error takes (DESIGN §4, STYLE "Errors"): a code that callers
/// switch on, a message that tells the user what to do, and the underlying cause.
///
/// Each part declares its own struct (`ConfigError`, `LogStoreError`, …) conforming to
/// this protocol so that the CLI can map any of them to an exit code and one clear line.
public protocol RivuletErrorProtocol: Error, CustomStringConvertible, Sendable {
    associatedtype Code: Hashable & Sendable & CustomStringConvertible
    var code: Code { get }
    var message: String { get }
    var cause: (any Error)? { get }
    /// Whether trying the same operation again can succeed (disk full, peer busy).
    var isRetriable: Bool { get }
    /// Usage and configuration errors exit with 2, runtime failures with 1.
    var isUsageError: Bool { get }
}

extension RivuletErrorProtocol {
    public var isRetriable: Bool { false }
    public var isUsageError: Bool { false }
    public var description: String {
        guard let cause else { return message }
        return "\(message) (cause: \(cause))"
    }
}

/// A code that is a stable, human-readable name; parts declare theirs as static members.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
    public var description: String { name }
}

/// Errors of RivuletCore itself and of the application's composition layer.
public struct RivuletError: RivuletErrorProtocol {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        public static let invalidArgument = Code(base: "invalid-argument")
        public static let io = Code(base: "io")
        public static let portInUse = Code(base: "port-in-use")
        public static let notWritable = Code(base: "not-writable")
        public static let notImplemented = Code(base: "not-implemented")
        public static let aborted = Code(base: "aborted")
        /// Bytes that do not decode in the format they claim (a corrupt compressed block).
        public static let corruptData = Code(base: "corrupt-data")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var isUsageError: Bool {
        code == .invalidArgument || code == .portInUse || code == .notWritable
    }
}
