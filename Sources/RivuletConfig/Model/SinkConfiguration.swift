/// Where a pipeline's rows go. Paths and tables are relative to `data_dir` and `lake.root`.
public enum SinkConfiguration: Hashable, Sendable {
    /// A JSON document rewritten atomically with the latest rows (live partials included):
    /// seed 000's `latest.json` contract.
    case snapshot(path: String)
    /// A Delta table under `lake.root`; windowed pipelines write final windows only, exactly once.
    case delta(table: String, partitionBy: [String])
    /// Plain Parquet files under `path` (relative to `lake.root`), without a transaction log.
    case parquet(path: String, partitionBy: [String])

    public enum Kind: String, ConfigChoice {
        case snapshot, delta, parquet
    }

    public var kind: Kind {
        switch self {
        case .snapshot: .snapshot
        case .delta: .delta
        case .parquet: .parquet
        }
    }

    public var partitionBy: [String] {
        switch self {
        case .snapshot: []
        case .delta(_, let columns), .parquet(_, let columns): columns
        }
    }
}
