import Foundation
import Lakehouse
import RivuletCore
import StreamEngine
import Synchronization

/// The sink of a windowed pipeline: final windows go to the pipeline's lake targets (Delta
/// tables and Parquet datasets) and its late events to the late-events table, exactly once,
/// one `LakeEpochSink` epoch per checkpoint (one Delta commit per table carrying
/// `txn(appId, epoch)`; the windows table is committed last and holds the committed epoch).
public final class DeltaWindowSink: TransactionalSink {
    public let windowColumns: WindowRowColumns
    public let late: (writer: DeltaTableWriter, columns: LateEventColumns)?
    let lake: LakeEpochSink
    let windowTargets: Int
    private let pendingLate = Mutex<[LateEvent]>([])

    public var appId: String { lake.appId }

    /// `targets` take the window rows; the late-events table, if any, comes after them.
    public init(
        targets: [LakeTarget], columns: WindowRowColumns, late: (table: DeltaTable, columns: LateEventColumns)?,
        appId: String, stagingDirectory: String, buffering: LakeBuffering? = nil
    ) {
        self.windowColumns = columns
        self.late = late.map { (DeltaTableWriter(table: $0.table), $0.columns) }
        self.windowTargets = targets.count
        let lateTarget = self.late.map { [LakeTarget.delta($0.writer, partitionBy: [])] } ?? []
        self.lake = LakeEpochSink(
            targets: targets + lateTarget, appId: appId, stagingDirectory: stagingDirectory, buffering: buffering)
    }

    public convenience init(
        windows: DeltaTable, columns: WindowRowColumns, partitionBy: [String],
        late: (table: DeltaTable, columns: LateEventColumns)?, appId: String, stagingDirectory: String
    ) {
        self.init(
            targets: [.delta(DeltaTableWriter(table: windows), partitionBy: partitionBy)], columns: columns, late: late,
            appId: appId, stagingDirectory: stagingDirectory)
    }

    /// The windows table's version written by this process's last commit; nil before one.
    public var lastCommittedVersion: Int64? { lake.lastCommittedVersion }

    /// Late events go out with the next epoch, like final windows.
    public func addLate(_ events: [LateEvent]) { pendingLate.withLock { $0 += events } }

    public func lastCommittedEpoch() async throws -> UInt64? { try lake.lastCommittedEpoch() }

    public func prepare(epoch: UInt64, rows: [WindowRow]) async throws {
        let events = pendingLate.withLock { p in defer { p.removeAll() }; return p }
        let windows = try lake.wrapConversion { try windowColumns.columns(rows) }
        var parts = Array(repeating: windows, count: windowTargets)
        if let late { parts.append(try lake.wrapConversion { try late.columns.columns(events) }) }
        try lake.prepare(epoch: epoch, rows: parts)
    }

    public func commit(epoch: UInt64) async throws { try lake.commit(epoch: epoch) }

    public func abort(after epoch: UInt64?) async throws { try lake.abort(after: epoch) }
}

extension LakeEpochSink {
    /// Rows that do not fit their table's schema are a sink failure, not a crash.
    func wrapConversion<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as StreamEngineError { throw error } catch {
            throw StreamEngineError(.sinkFailed, "cannot convert rows for \(targets.map(\.description).joined(separator: ", "))", cause: error)
        }
    }

    /// The txn appId of a pipeline in its tables: the pipeline's name, unless that name already
    /// has commits in one of the tables while the checkpoint is gone (after `rivulet clean
    /// --checkpoints`): then epochs restart at 1 and would be skipped as already committed, so
    /// a fresh `name#n` is chosen. Kept beside the checkpoint so that restarts reuse it.
    public static func appId(pipeline: String, tables: [DeltaTable], checkpointDirectory: String) throws -> String {
        let path = checkpointDirectory + "/txn-app-id"
        if let bytes = try AtomicFile.read(path), !bytes.isEmpty { return String(decoding: bytes, as: UTF8.self) }
        let snapshots = try tables.filter(\.exists).map { try $0.snapshot() }
        var candidate = pipeline
        var n = 1
        while snapshots.contains(where: { $0.transactionVersion(appId: candidate) != nil }) {
            candidate = "\(pipeline)#\(n)"
            n += 1
        }
        try AtomicFile.write(Array(candidate.utf8), to: path)
        return candidate
    }
}

extension DeltaWindowSink {
    public static func appId(pipeline: String, table: DeltaTable, checkpointDirectory: String) throws -> String {
        try LakeEpochSink.appId(pipeline: pipeline, tables: [table], checkpointDirectory: checkpointDirectory)
    }
}
