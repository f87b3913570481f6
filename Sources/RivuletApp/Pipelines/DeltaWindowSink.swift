import Foundation
import Lakehouse
import RivuletCore
import StreamEngine
import Synchronization

/// The delta sink of a windowed pipeline: final windows (and the pipeline's late events) go to
/// Delta tables exactly once, one commit per checkpoint epoch carrying `txn(appId, epoch)`.
///
/// - `prepare` writes the Parquet files of both tables and then a staging manifest
///   (`<staging>/<epoch>.adds`, the add actions as JSON lines) atomically, so that `commit`
///   after a restart knows the files without the rows;
/// - `commit` commits the late-events table first, then the windows table, each skipping a
///   txn version it already holds; `lastCommittedEpoch` reads the windows table, so a crash
///   between the two commits is finished on restart;
/// - `abort(after:)` deletes the files and manifests of staged epochs that will be replayed.
///
/// Blocking file I/O runs on the calling task; the pipeline task is the only caller.
public final class DeltaWindowSink: TransactionalSink {
    public let windows: DeltaTableWriter
    public let windowColumns: WindowRowColumns
    public let partitionBy: [String]
    public let late: (writer: DeltaTableWriter, columns: LateEventColumns)?
    public let appId: String
    public let stagingDirectory: String
    private let pendingLate = Mutex<[LateEvent]>([])
    private let lastCommit = Mutex<Int64?>(nil)

    public init(
        windows: DeltaTable, columns: WindowRowColumns, partitionBy: [String],
        late: (table: DeltaTable, columns: LateEventColumns)?, appId: String, stagingDirectory: String
    ) {
        self.windows = DeltaTableWriter(table: windows)
        self.windowColumns = columns
        self.partitionBy = partitionBy
        self.late = late.map { (DeltaTableWriter(table: $0.table), $0.columns) }
        self.appId = appId
        self.stagingDirectory = stagingDirectory
    }

    /// The windows table's version written by this process's last commit; nil before one.
    public var lastCommittedVersion: Int64? { lastCommit.withLock { $0 } }

    /// Late events go out with the next epoch, like final windows.
    public func addLate(_ events: [LateEvent]) { pendingLate.withLock { $0 += events } }

    public func lastCommittedEpoch() async throws -> UInt64? {
        try wrap("read") {
            guard windows.table.exists else { return nil }
            return try windows.table.snapshot().transactionVersion(appId: appId).map { UInt64(max(0, $0)) }
        }
    }

    public func prepare(epoch: UInt64, rows: [WindowRow]) async throws {
        let events = pendingLate.withLock { p in defer { p.removeAll() }; return p }
        try wrap("prepare epoch \(epoch) of") {
            var lines: [String] = []
            // Staged even when empty: the first stage creates the table, which commit needs.
            let adds = try windows.stage(windowColumns.columns(rows), partitionBy: partitionBy)
            lines += adds.map { "windows\t" + DeltaAction.add($0).jsonLine() }
            if let late {
                let lateAdds = try late.writer.stage(late.columns.columns(events))
                lines += lateAdds.map { "late\t" + DeltaAction.add($0).jsonLine() }
            }
            try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: manifestPath(epoch))
        }
    }

    public func commit(epoch: UInt64) async throws {
        try wrap("commit epoch \(epoch) to") {
            guard let staged = try readManifest(epoch) else {
                if let done = try windows.table.exists ? windows.table.snapshot().transactionVersion(appId: appId) : nil,
                    done >= Int64(epoch)
                {
                    return
                }
                throw StreamEngineError(.sinkFailed, "epoch \(epoch) has no staging manifest in \(stagingDirectory)")
            }
            let txn = DeltaTxn(appId: appId, version: Int64(epoch))
            if let late { try late.writer.commit(staged: staged.late, txn: txn) }
            if let version = try windows.commit(staged: staged.windows, txn: txn) {
                lastCommit.withLock { $0 = version }
            }
            for e in stagedEpochs() where e <= epoch { try AtomicFile.remove(manifestPath(e)) }
        }
    }

    public func abort(after epoch: UInt64?) async throws {
        try wrap("abort staged epochs of") {
            for e in stagedEpochs() where epoch.map({ e > $0 }) ?? true {
                if let staged = try readManifest(e) {
                    for add in staged.windows { try? AtomicFile.remove(windows.table.absolutePath(add.path)) }
                    if let late { for add in staged.late { try? AtomicFile.remove(late.writer.table.absolutePath(add.path)) } }
                }
                try AtomicFile.remove(manifestPath(e))
            }
        }
    }

    func manifestPath(_ epoch: UInt64) -> String { "\(stagingDirectory)/\(epoch).adds" }

    func stagedEpochs() -> [UInt64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stagingDirectory)) ?? []
        return names.compactMap { $0.hasSuffix(".adds") ? UInt64($0.dropLast(5)) : nil }.sorted()
    }

    func readManifest(_ epoch: UInt64) throws -> (windows: [AddFile], late: [AddFile])? {
        guard let bytes = try AtomicFile.read(manifestPath(epoch)) else { return nil }
        var result: (windows: [AddFile], late: [AddFile]) = ([], [])
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"),
                case .add(let add) = try DeltaAction.parse(line: String(line[line.index(after: tab)...]))
            else { throw StreamEngineError(.sinkFailed, "staging manifest \(manifestPath(epoch)) is damaged") }
            if line[..<tab] == "late" { result.late.append(add) } else { result.windows.append(add) }
        }
        return result
    }

    private func wrap<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StreamEngineError {
            throw error
        } catch {
            throw StreamEngineError(.sinkFailed, "cannot \(what) table \(windows.table.path)", cause: error)
        }
    }
}

extension DeltaWindowSink {
    /// The txn appId of a pipeline in its tables: the pipeline's name, unless that name already
    /// has commits in the table while the checkpoint is gone (after `rivulet clean
    /// --checkpoints`): then epochs restart at 1 and would be skipped as already committed, so
    /// a fresh `name#n` is chosen. Kept beside the checkpoint so that restarts reuse it.
    public static func appId(pipeline: String, table: DeltaTable, checkpointDirectory: String) throws -> String {
        let path = checkpointDirectory + "/txn-app-id"
        if let bytes = try AtomicFile.read(path), !bytes.isEmpty { return String(decoding: bytes, as: UTF8.self) }
        var candidate = pipeline
        if table.exists {
            let snapshot = try table.snapshot()
            var n = 1
            while snapshot.transactionVersion(appId: candidate) != nil {
                candidate = "\(pipeline)#\(n)"
                n += 1
            }
        }
        try AtomicFile.write(Array(candidate.utf8), to: path)
        return candidate
    }
}
