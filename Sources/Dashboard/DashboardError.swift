import RivuletCore

/// Errors of the dashboard part; `addressInUse` is a usage error, so the CLI exits with 2.
public struct DashboardError: RivuletErrorProtocol, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let base: ErrorCode
        public var description: String { base.name }
        /// The listen address is taken by another process.
        public static let addressInUse = Code(base: "address-in-use")
        /// A topic or partition the browser asked for does not exist.
        public static let unknownPartition = Code(base: "unknown-partition")
        /// The data source cannot answer in this mode (e.g. topics while another process writes the log).
        public static let unavailable = Code(base: "unavailable")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)? { nil }

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var isUsageError: Bool { code == .addressInUse }
}
