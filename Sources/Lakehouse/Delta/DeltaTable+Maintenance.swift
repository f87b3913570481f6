import Foundation
import RivuletCore

/// `rivulet lake stats|history|optimize|vacuum`: reading the log for people and compacting
/// or cleaning a table's files.
public struct DeltaTableStats: Hashable, Sendable {
    public var version: Int64
    public var files: Int
    public var rows: Int64
    public var bytes: Int64
    public var smallFiles: Int
    public var partitions: Int
    public var checkpointVersion: Int64?
}

public struct DeltaHistoryEntry: Hashable, Sendable {
    public var version: Int64
    public var timestamp: Int64?
    public var operation: String?
    public var parameters: [String: String]
    public var metrics: [String: Int64]
}

public struct OptimizeResult: Hashable, Sendable {
    public var version: Int64?
    public var filesRemoved: Int
    public var filesAdded: Int
    public var partitionsCompacted: Int
}

public struct VacuumResult: Hashable, Sendable {
    /// Paths relative to the table root that were (or, in a dry run, would be) deleted.
    public var deleted: [String]
    public var dryRun: Bool
}

extension DeltaTable {
    public func stats(smallFileThreshold: ByteCount = .mebibytes(32)) throws -> DeltaTableStats {
        let snap = try snapshot()
        var rows: Int64 = 0
        var bytes: Int64 = 0
        var small = 0
        var partitions = Set<[String?]>()
        for f in snap.files.values {
            rows += Self.numRecords(f) ?? 0
            bytes += f.size
            if f.size < smallFileThreshold.rawValue { small += 1 }
            partitions.insert(snap.partitionColumns.map { f.partitionValues[$0] ?? nil })
        }
        return DeltaTableStats(
            version: snap.version, files: snap.files.count, rows: rows, bytes: bytes, smallFiles: small,
            partitions: partitions.count, checkpointVersion: snap.checkpointVersion)
    }

    static func numRecords(_ add: AddFile) -> Int64? {
        guard let stats = add.stats, let r = stats.range(of: "\"numRecords\":") else { return nil }
        let digits = stats[r.upperBound...].prefix { $0.isNumber || $0 == "-" }
        return Int64(digits)
    }

    /// Commits newest first, as `DESCRIBE HISTORY` shows them.
    public func history(limit: Int? = nil) throws -> [DeltaHistoryEntry] {
        var out: [DeltaHistoryEntry] = []
        for v in log.listing().commits.reversed() {
            if let limit, out.count >= limit { break }
            let info = try log.readCommit(v).lazy.compactMap { a -> DeltaCommitInfo? in
                if case .commitInfo(let c) = a { return c } else { return nil }
            }.first
            out.append(
                DeltaHistoryEntry(
                    version: v, timestamp: info?.timestamp, operation: info?.operation,
                    parameters: info?.operationParameters ?? [:], metrics: info?.operationMetrics ?? [:]))
        }
        return out
    }

    /// Rewrites each partition that has at least `minFiles` files under `smallFileThreshold`
    /// into one file: one commit of removes plus adds, all with dataChange=false, so streaming
    /// readers skip it. Fails with `commitConflict` if a concurrent commit removed one of them.
    @discardableResult
    public func optimize(minFiles: Int = 2, smallFileThreshold: ByteCount = .mebibytes(32)) throws -> OptimizeResult {
        let snap = try snapshot()
        try snap.checkWritable()
        var groups: [[String?]: [AddFile]] = [:]
        for f in snap.files.values where f.size < smallFileThreshold.rawValue {
            groups[snap.partitionColumns.map { f.partitionValues[$0] ?? nil }, default: []].append(f)
        }
        let chosen = groups.filter { $0.value.count >= max(minFiles, 2) }.sorted { "\($0.key)" < "\($1.key)" }
        guard !chosen.isEmpty else {
            return OptimizeResult(version: nil, filesRemoved: 0, filesAdded: 0, partitionsCompacted: 0)
        }
        let writer = DeltaTableWriter(table: self)
        let now = clock.wallTime().milliseconds
        var actions: [DeltaAction] = []
        var added: [AddFile] = []
        var removed: [AddFile] = []
        for (_, files) in chosen {
            var rows = ColumnarRows.empty(snap.schema)
            for f in files.sorted(by: { $0.path < $1.path }) { try rows.append(try readFile(f, snap)) }
            added += try writer.writeFiles(rows, partitionColumns: snap.partitionColumns, dataChange: false)
            removed += files
        }
        for f in removed {
            var r = RemoveFile(path: f.path, deletionTimestamp: now, dataChange: false)
            r.extendedFileMetadata = true
            r.partitionValues = f.partitionValues
            r.size = f.size
            actions.append(.remove(r))
        }
        actions += added.map { .add($0) }
        let removedPaths = Set(removed.map(\.path))
        do {
            let version = try commit(
                actions, operation: "OPTIMIZE", parameters: ["targetSize": String(smallFileThreshold.rawValue)],
                from: snap
            ) { newer, pending in
                guard removedPaths.allSatisfy({ newer.files[$0] != nil }) else {
                    throw LakehouseError(
                        .commitConflict, "a concurrent commit removed files that optimize was compacting; run it again")
                }
                return .retry(pending)
            }
            return OptimizeResult(
                version: version, filesRemoved: removed.count, filesAdded: added.count,
                partitionsCompacted: chosen.count)
        } catch {
            for f in added { try? FileIO.remove(absolutePath(f.path)) }
            throw error
        }
    }

    /// The automatic compaction writers run after their commits: partitions holding at least
    /// `policy.optimizeAfterFiles` files smaller than `policy.targetFileSize` are rewritten
    /// into one file each. Returns nil when nothing was due (or the policy turns it off).
    @discardableResult
    public func optimizeIfNeeded(_ policy: LakeFlushPolicy) throws -> OptimizeResult? {
        guard policy.optimizeAfterFiles > 0 else { return nil }
        let result = try optimize(minFiles: policy.optimizeAfterFiles, smallFileThreshold: policy.targetFileSize)
        return result.version == nil ? nil : result
    }

    /// Deletes files under the table that the current snapshot does not reference and that are
    /// older than `retention` (crashed writers' temporaries included). `_delta_log` is never touched.
    public func vacuum(retention: Duration = .seconds(7 * 86400), dryRun: Bool = false) throws -> VacuumResult {
        let snap = try snapshot()
        let live = Set(snap.files.keys.map { $0.removingPercentEncodingOrSelf })
        let cutoff = clock.wallTime().milliseconds - retention.components.seconds * 1000
        var deleted: [String] = []
        let candidates = FileIO.walkFiles(path) { rel in
            rel == "_delta_log" || (rel.hasPrefix("_") && !rel.contains("/"))
        }
        for rel in candidates where !live.contains(rel) {
            let name = FileIO.baseName(of: rel)
            guard name.hasSuffix(".parquet") || (name.hasPrefix(".") && name.hasSuffix(".tmp")) else { continue }
            guard let mtime = FileIO.modificationTime("\(path)/\(rel)"), mtime < cutoff else { continue }
            if !dryRun { try FileIO.remove("\(path)/\(rel)") }
            deleted.append(rel)
        }
        return VacuumResult(deleted: deleted.sorted(), dryRun: dryRun)
    }
}

extension String {
    var removingPercentEncodingOrSelf: String { removingPercentEncoding ?? self }
}
