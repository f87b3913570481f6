import Foundation

/// The `_delta_log` directory of one table: numbered JSON commits, Parquet checkpoints and
/// `_last_checkpoint`. Commits are published with link(2) so that two writers racing for
/// the same version cannot both succeed: the loser sees `false` and retries on the next.
///
/// Layout (PROTOCOL.md "Delta Log Entries", "Checkpoints"):
/// ```
/// <table>/_delta_log/00000000000000000000.json            one action per line
/// <table>/_delta_log/00000000000000000010.checkpoint.parquet
/// <table>/_delta_log/_last_checkpoint                      {"version":10,"size":…}
/// <table>/<col>=<value>/part-00000-<uuid>.c000.snappy.parquet
/// ```
public struct DeltaLog: Sendable {
    public let tablePath: String
    public var logPath: String { tablePath + "/_delta_log" }
    /// Commit files larger than this are refused (a corrupt or hostile log).
    static let maxCommitSize = 256 << 20

    public init(tablePath: String) {
        self.tablePath = tablePath
    }

    public static func commitName(_ version: Int64) -> String { String(format: "%020lld.json", version) }
    public static func checkpointName(_ version: Int64) -> String {
        String(format: "%020lld.checkpoint.parquet", version)
    }

    public var exists: Bool { FileIO.fileSize(logPath + "/" + Self.commitName(0)) != nil || !listing().commits.isEmpty }

    /// Versions of the commit files and single-file checkpoints present, ascending.
    public func listing() -> (commits: [Int64], checkpoints: [Int64]) {
        var commits: [Int64] = []
        var checkpoints: [Int64] = []
        for name in FileIO.listDirectory(logPath) {
            let digits = name.prefix(20)
            guard digits.count == 20, digits.allSatisfy(\.isNumber), let v = Int64(digits) else { continue }
            let rest = name.dropFirst(20)
            if rest == ".json" { commits.append(v) } else if rest == ".checkpoint.parquet" { checkpoints.append(v) }
        }
        return (commits.sorted(), checkpoints.sorted())
    }

    public func readCommit(_ version: Int64) throws -> [DeltaAction] {
        let path = "\(logPath)/\(Self.commitName(version))"
        let bytes = try FileIO.readAll(path, limit: Self.maxCommitSize)
        var actions: [DeltaAction] = []
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
        where !line.allSatisfy(\.isWhitespace) {
            do {
                actions.append(try DeltaAction.parse(line: String(line)))
            } catch var e as LakehouseError {
                e.message = "\(path): \(e.message)"
                throw e
            }
        }
        return actions
    }

    /// Writes commit `version` if nobody has; returns false when it already exists.
    public func tryCommit(_ version: Int64, _ actions: [DeltaAction]) throws -> Bool {
        try FileIO.createDirectories(logPath)
        let text = actions.map { $0.jsonLine() }.joined(separator: "\n") + "\n"
        return try FileIO.writeExclusively(Array(text.utf8), to: "\(logPath)/\(Self.commitName(version))")
    }

    public struct LastCheckpoint: Hashable, Sendable {
        public var version: Int64
        public var size: Int64
    }

    public func readLastCheckpoint() -> LastCheckpoint? {
        guard let bytes = try? FileIO.readAll(logPath + "/_last_checkpoint", limit: 1 << 20),
            let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let v = (o["version"] as? NSNumber)?.int64Value
        else { return nil }
        return LastCheckpoint(version: v, size: (o["size"] as? NSNumber)?.int64Value ?? 0)
    }

    func writeLastCheckpoint(version: Int64, size: Int64, sizeInBytes: Int64, numOfAddFiles: Int64) throws {
        let o: [String: Any] = [
            "version": NSNumber(value: version), "size": NSNumber(value: size),
            "sizeInBytes": NSNumber(value: sizeInBytes), "numOfAddFiles": NSNumber(value: numOfAddFiles),
        ]
        let data = try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])
        try FileIO.writeAtomically(Array(data), to: logPath + "/_last_checkpoint")
    }
}
