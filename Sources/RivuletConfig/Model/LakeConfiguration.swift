import RivuletCore

/// Where and how tables are written (Parquet data files under Delta transaction logs).
public struct LakeConfiguration: Hashable, Sendable {
    public enum Format: String, ConfigChoice {
        case delta
        /// Plain Parquet files without a transaction log, for readers that cannot read Delta.
        case parquet
    }

    public enum Compression: String, ConfigChoice {
        case snappy
        case gzip
        case uncompressed = "none"
    }

    /// Relative to `data_dir` unless absolute.
    public var root = "lake"
    public var format: Format = .delta
    public var compression: Compression = .snappy
    /// A data file is closed when it reaches this size or at `flushInterval`, whichever is first.
    public var targetFileSize: ByteCount = .mebibytes(128)
    public var flushInterval: Duration = .seconds(30)
    /// A Delta checkpoint (Parquet snapshot of the log) every this many commits.
    public var checkpointInterval = 10
    /// Small files are compacted once a partition holds this many.
    public var optimizeAfterFiles = 50

    public init() {}
}

/// The web dashboard.
public struct DashboardConfiguration: Hashable, Sendable {
    public var listen = HostPort(host: "127.0.0.1", port: 5000)
    /// When set, requests must carry it (`Authorization: Bearer …`); wanted on any non-local address.
    public var token: String? = nil

    public init(listen: HostPort = HostPort(host: "127.0.0.1", port: 5000), token: String? = nil) {
        self.listen = listen
        self.token = token
    }
}
