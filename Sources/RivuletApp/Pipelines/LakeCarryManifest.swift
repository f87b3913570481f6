import Foundation
import StreamEngine

/// The rows a buffering `LakeEpochSink` holds back for a later, larger file, as of one epoch:
/// Parquet files under `<staging>/carry/`, each with its target and the partitions of it not
/// written yet. Saved as `<staging>/<epoch>.carry` before the epoch's `.adds`, so that a
/// restart from a checkpoint reloads exactly the rows its epochs took in and no commit wrote.
///
/// One line per file: `target \t path \t since \t partitions`: since is when its rows arrived
/// (wall-clock milliseconds, so that a restart does not restart the flush interval), partitions
/// a JSON array of partition-value arrays (null for a null value).
struct LakeCarryManifest: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var target: Int
        /// Relative to the staging directory.
        var path: String
        var sinceMilliseconds: Int64
        var partitions: [[String?]]
    }

    var entries: [Entry] = []

    /// Forgets partitions of `target` that were written: their rows are in the table now.
    /// A file left with no partition is no longer needed.
    mutating func remove(_ written: Set<[String?]>, of target: Int) {
        guard !written.isEmpty else { return }
        for i in entries.indices where entries[i].target == target {
            entries[i].partitions.removeAll { written.contains($0) }
        }
        entries.removeAll { $0.partitions.isEmpty }
    }

    var paths: Set<String> { Set(entries.map(\.path)) }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        var text = ""
        for entry in entries {
            let partitions = String(decoding: try encoder.encode(entry.partitions), as: UTF8.self)
            text += "\(entry.target)\t\(entry.path)\t\(entry.sinceMilliseconds)\t\(partitions)\n"
        }
        return Array(text.utf8)
    }

    init() {}

    /// Throws `.sinkFailed` naming `source` when a line is damaged or names a target past `targets`.
    init(decoding bytes: [UInt8], targets: Int, source: String) throws {
        let decoder = JSONDecoder()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let target = Int(fields[0]), (0..<targets).contains(target), !fields[1].isEmpty,
                !fields[1].contains(".."), let since = Int64(fields[2]),
                let partitions = try? decoder.decode([[String?]].self, from: Data(fields[3].utf8))
            else {
                throw StreamEngineError(
                    .sinkFailed, "carry manifest \(source) is damaged; `rivulet clean --checkpoints` resets the pipeline")
            }
            entries.append(Entry(target: target, path: String(fields[1]), sinceMilliseconds: since, partitions: partitions))
        }
    }
}
