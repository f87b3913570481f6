import RivuletConfig

/// The layout of DESIGN §3, resolved against the configured `data_dir`.
public struct DataDirectory: Sendable {
    public let root: String

    public init(_ config: RivuletConfiguration) { self.root = config.dataDir }
    public init(root: String) { self.root = root }

    public var log: String { root + "/log" }
    public var checkpoints: String { root + "/checkpoints" }
    public func checkpoints(pipeline: String) -> String { checkpoints + "/" + pipeline }
    public func lake(_ config: RivuletConfiguration) -> String {
        config.lake.root.hasPrefix("/") ? config.lake.root : root + "/" + config.lake.root
    }
    public var aggregates: String { root + "/aggregates" }
}
