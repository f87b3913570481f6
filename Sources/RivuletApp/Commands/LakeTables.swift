import Foundation
import Lakehouse
import RivuletConfig
import RivuletCore

/// The Delta tables under the configured lake root, opened with the lake's settings.
public struct LakeTables: Sendable {
    public let root: String
    public let configuration: DeltaTableConfiguration
    /// When sinks write buffered rows and compact small files.
    public let flushPolicy: LakeFlushPolicy

    public init(_ config: RivuletConfiguration) {
        root = DataDirectory(config).lake(config)
        var table = DeltaTableConfiguration()
        switch config.lake.compression {
        case .snappy: table.compression = .snappy
        case .gzip: table.compression = .gzip
        case .uncompressed: table.compression = .none
        }
        table.checkpointInterval = Int64(config.lake.checkpointInterval)
        configuration = table
        var policy = LakeFlushPolicy()
        policy.targetFileSize = config.lake.targetFileSize
        policy.flushInterval = config.lake.flushInterval
        policy.optimizeAfterFiles = config.lake.optimizeAfterFiles
        flushPolicy = policy
    }

    /// Names of the folders under the root that hold a `_delta_log`.
    public func names() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/_delta_log") }.sorted()
    }

    /// The named table; an unknown name is a usage error listing the tables there are.
    public func table(_ name: String) throws -> DeltaTable {
        let table = DeltaTable(path: root + "/" + name, configuration: configuration)
        guard table.exists else {
            let known = names()
            throw RivuletError(
                .invalidArgument,
                "no Delta table `\(name)` under \(root); tables: \(known.isEmpty ? "none yet" : known.joined(separator: ", "))")
        }
        return table
    }
}
