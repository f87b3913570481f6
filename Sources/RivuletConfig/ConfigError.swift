import RivuletCore

/// A problem with the configuration, located where the user can fix it: a line of the
/// file, an environment variable or a command-line flag.
///
/// `description` is the one line the CLI prints before exiting with 2:
/// `rivulet.yml:12: pipelines[0].window.size: "ten seconds" is not a duration; use …`.
public struct ConfigError: RivuletErrorProtocol, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        /// A key the section does not have (often a typo).
        public static let unknownKey = Code(base: "unknown-key")
        /// A list where a value was expected, a word where a number was expected, and so on.
        public static let wrongType = Code(base: "wrong-type")
        /// The right type but an impossible value (negative rate, unknown choice, port 70000).
        public static let invalidValue = Code(base: "invalid-value")
        /// The text is not YAML (or repeats a key).
        public static let syntax = Code(base: "syntax")
        /// A key that has no default is absent.
        public static let missingKey = Code(base: "missing-key")
    }

    /// Where the offending value came from.
    public enum Location: Hashable, Sendable {
        case file(String, line: Int)
        case environment(String)
        case flag(String)
        /// A value built in code (a preset, a default) rather than read from the user.
        case unspecified
    }

    public var code: Code
    public var location: Location
    /// Where in the configuration, as written in YAML: `pipelines[0].window.size`.
    public var keyPath: String
    /// What is wrong and what is allowed.
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, at location: Location, keyPath: String, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.location = location
        self.keyPath = keyPath
        self.message = message
        self.cause = cause
    }

    public var file: String? {
        if case .file(let name, _) = location { return name }
        return nil
    }

    public var line: Int? {
        if case .file(_, let line) = location { return line }
        return nil
    }

    /// Configuration errors are the user's to fix, so the CLI exits with 2.
    public var isUsageError: Bool { true }

    public var description: String {
        var parts: [String] = []
        switch location {
        case .file(let name, let line): parts.append("\(name):\(line)")
        case .environment(let variable): parts.append("environment variable \(variable)")
        case .flag(let flag): parts.append(flag)
        case .unspecified: break
        }
        if !keyPath.isEmpty { parts.append(keyPath) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    public static func == (a: ConfigError, b: ConfigError) -> Bool {
        a.code == b.code && a.location == b.location && a.keyPath == b.keyPath && a.message == b.message
    }
}

/// Every problem found in one load, in file order, so that the user can fix them all at once.
public struct ConfigErrors: RivuletErrorProtocol, Equatable {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) { self.errors = errors }

    public var code: ConfigError.Code { errors.first?.code ?? .invalidValue }
    public var message: String { errors.map(\.description).joined(separator: "\n") }
    public var cause: (any Error)? { nil }
    public var isUsageError: Bool { true }
    public var description: String { message }
}
