import Foundation
import RivuletConfig

/// What `rivulet clean` removes (seed 002's `make clean-datalake` / `clean-checkpoints`).
public struct CleanTargets: Sendable {
    public var datalake = false
    public var checkpoints = false
    public var all = false
    /// Only this pipeline's checkpoints (`--checkpoints --pipeline NAME`).
    public var pipeline: String?

    public init(datalake: Bool = false, checkpoints: Bool = false, all: Bool = false, pipeline: String? = nil) {
        self.datalake = datalake
        self.checkpoints = checkpoints
        self.all = all
        self.pipeline = pipeline
    }

    public var isEmpty: Bool { !datalake && !checkpoints && !all }

    /// The directories to delete, existing or not, in a stable order.
    public func paths(_ config: RivuletConfiguration) -> [String] {
        let data = DataDirectory(config)
        if all { return [data.log, data.checkpoints, data.lake(config), data.aggregates] }
        var paths: [String] = []
        if datalake { paths.append(data.lake(config)) }
        if checkpoints { paths.append(pipeline.map(data.checkpoints(pipeline:)) ?? data.checkpoints) }
        return paths
    }

    /// Removes the paths that exist and returns them.
    public func remove(_ config: RivuletConfiguration) throws -> [String] {
        let manager = FileManager.default
        var removed: [String] = []
        for path in paths(config) where manager.fileExists(atPath: path) {
            try manager.removeItem(atPath: path)
            removed.append(path)
        }
        return removed
    }
}
