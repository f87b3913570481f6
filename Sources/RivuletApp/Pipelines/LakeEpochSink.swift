import Foundation
import Lakehouse
import RivuletCore
import StreamEngine
import Synchronization

/// One place a pipeline's rows land: a Delta table (transactional) or a plain Parquet
/// dataset (files only, no log).
public enum LakeTarget: Sendable {
    case delta(DeltaTableWriter, partitionBy: [String])
    case parquet(ParquetDatasetWriter)

    var description: String {
        switch self {
        case .delta(let w, _): "table \(w.table.path)"
        case .parquet(let w): "dataset \(w.root)"
        }
    }

    var partitionBy: [String] {
        switch self {
        case .delta(_, let partitionBy): partitionBy
        case .parquet(let w): w.partitionBy
        }
    }
}

/// The two-phase epoch protocol over several lake targets, shared by the windowed and the
/// pass-through sinks:
/// - `prepare` writes every target's files (Delta: staged, invisible; Parquet: in place) and
///   then a staging manifest (`<staging>/<epoch>.adds`, one `index\tpayload` line per file:
///   a Delta add action as JSON, or a Parquet path) atomically;
/// - `commit` commits each Delta target that has files to add with `txn(appId, epoch)`, the
///   primary (first Delta target) last, so that its txn version is the sink's committed epoch;
///   when the primary gets no commit (no Delta target, or nothing to add) a `committed` marker
///   file holds the epoch. Re-committing an epoch is a no-op;
/// - `abort(after:)` deletes the files and manifests of staged epochs that will be replayed
///   (and, buffering, reloads the rows held at `epoch` from its carry files).
/// Plain Parquet has no log, so a reader may see an epoch's files between prepare and an
/// abort after a crash; Delta readers never do.
///
/// With `LakeBuffering`, rows are held per partition until a file's worth is there or the
/// flush interval has passed (see `LakeEpochSink+Buffering.swift`); the rows an epoch holds
/// back are saved as carry files, so that committing the epoch (and the source offsets
/// behind it) loses none of them.
///
/// Blocking file I/O runs on the calling task; the pipeline task is the only caller.
public final class LakeEpochSink: Sendable {
    public let targets: [LakeTarget]
    public let appId: String
    public let stagingDirectory: String
    let primary: Int?
    /// nil: every epoch writes all its rows.
    let buffering: LakeBuffering?
    let held: Mutex<HeldRows>
    private let lastCommit = Mutex<Int64?>(nil)

    public init(targets: [LakeTarget], appId: String, stagingDirectory: String, buffering: LakeBuffering? = nil) {
        self.targets = targets
        self.appId = appId
        self.stagingDirectory = stagingDirectory
        self.buffering = buffering
        held = Mutex(HeldRows(targets: targets.count))
        primary = targets.firstIndex { if case .delta = $0 { true } else { false } }
    }

    /// The primary Delta table's version written by this process's last commit; nil before one.
    public var lastCommittedVersion: Int64? { lastCommit.withLock { $0 } }

    /// The primary Delta table's name (its folder), for the health view; nil without one.
    public var primaryTableName: String? {
        guard let primary, case .delta(let writer, _) = targets[primary] else { return nil }
        return writer.table.path.split(separator: "/").last.map(String.init)
    }

    /// Holds the committed epoch when the primary table did not get a commit for it (no
    /// Delta target, or nothing to add: an empty commit every checkpoint would only grow the log).
    var markerPath: String { stagingDirectory + "/committed" }

    public func lastCommittedEpoch() throws -> UInt64? {
        try wrap("read") {
            let marker = try AtomicFile.read(markerPath).flatMap { UInt64(String(decoding: $0, as: UTF8.self)) }
            guard let primary, case .delta(let writer, _) = targets[primary], writer.table.exists else { return marker }
            let txn = try writer.table.snapshot().transactionVersion(appId: appId).map { UInt64(max(0, $0)) }
            return [marker, txn].compactMap { $0 }.max()
        }
    }

    /// `rows[i]` goes to `targets[i]`: written now, or (buffering) held until its partition is due.
    public func prepare(epoch: UInt64, rows: [ColumnarRows]) throws {
        try wrap("prepare epoch \(epoch) of") {
            try held.withLock { held in
                let now = buffering?.now ?? .zero
                var lines: [String] = []
                for (i, (target, part)) in zip(targets, rows).enumerated() {
                    var due = try part.partitioned(by: target.partitionBy)
                    if let buffering {
                        due = try hold(due, schema: part.schema, target: i, epoch: epoch, now: now, buffering, &held)
                    }
                    switch target {
                    case .delta(let writer, let partitionBy):
                        // Staged even when nothing is due: the first stage creates the table, which commit needs.
                        lines += try writer.stage(due, schema: part.schema, partitionBy: partitionBy).map {
                            "\(i)\t" + DeltaAction.add($0).jsonLine()
                        }
                    case .parquet(let writer):
                        lines += try writer.write(due).map { "\(i)\t" + $0 }
                    }
                }
                held.drainNext = false
                // The carry manifest first: once `.adds` exists the epoch may be committed.
                if buffering != nil { try AtomicFile.write(held.carry.encoded(), to: carryManifestPath(epoch)) }
                try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: manifestPath(epoch))
            }
        }
    }

    /// Returns the version this call committed to the primary Delta table, if any.
    @discardableResult
    public func commit(epoch: UInt64) throws -> Int64? {
        try wrap("commit epoch \(epoch) to") {
            guard let staged = try readManifest(epoch) else {
                if let done = try lastCommittedEpoch(), done >= epoch { return nil }
                throw StreamEngineError(.sinkFailed, "epoch \(epoch) has no staging manifest in \(stagingDirectory)")
            }
            let txn = DeltaTxn(appId: appId, version: Int64(epoch))
            let order = targets.indices.filter { $0 != primary } + (primary.map { [$0] } ?? [])
            var primaryVersion: Int64?
            var primaryCommitted = false
            for i in order {
                guard case .delta(let writer, _) = targets[i] else { continue }
                let adds = staged[i].compactMap(\.add)
                guard !adds.isEmpty else { continue }
                let version = try writer.commit(staged: adds, txn: txn)
                if i == primary {
                    primaryVersion = version
                    primaryCommitted = true
                }
            }
            if !primaryCommitted { try AtomicFile.write(Array(String(epoch).utf8), to: markerPath) }
            for e in stagedEpochs() where e <= epoch { try AtomicFile.remove(manifestPath(e)) }
            if buffering != nil { try keepCarry(of: epoch) }
            if let primaryVersion { lastCommit.withLock { $0 = primaryVersion } }
            compactSmallFiles(written: staged)
            return primaryVersion
        }
    }

    public func abort(after epoch: UInt64?) throws {
        try wrap("abort staged epochs of") {
            for e in stagedEpochs() where epoch.map({ e > $0 }) ?? true {
                if let staged = try readManifest(e) {
                    for (target, files) in zip(targets, staged) {
                        for file in files { try? AtomicFile.remove(path(of: file, in: target)) }
                    }
                }
                try AtomicFile.remove(manifestPath(e))
            }
            if buffering != nil { try reloadCarry(of: epoch) }
        }
    }

    /// A staged file: a Delta add, or a Parquet path relative to the dataset.
    struct StagedFile {
        var add: AddFile?
        var path: String
    }

    func path(of file: StagedFile, in target: LakeTarget) -> String {
        switch target {
        case .delta(let writer, _): writer.table.absolutePath(file.path)
        case .parquet(let writer): writer.root + "/" + file.path
        }
    }

    func manifestPath(_ epoch: UInt64) -> String { "\(stagingDirectory)/\(epoch).adds" }

    func stagedEpochs() -> [UInt64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stagingDirectory)) ?? []
        return names.compactMap { $0.hasSuffix(".adds") ? UInt64($0.dropLast(5)) : nil }.sorted()
    }

    /// The staged files of an epoch, per target; nil when there is no manifest.
    func readManifest(_ epoch: UInt64) throws -> [[StagedFile]]? {
        guard let bytes = try AtomicFile.read(manifestPath(epoch)) else { return nil }
        var result: [[StagedFile]] = Array(repeating: [], count: targets.count)
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"), let i = Int(line[..<tab]), result.indices.contains(i) else {
                throw StreamEngineError(.sinkFailed, "staging manifest \(manifestPath(epoch)) is damaged")
            }
            let payload = String(line[line.index(after: tab)...])
            switch targets[i] {
            case .delta:
                guard case .add(let add) = try DeltaAction.parse(line: payload) else {
                    throw StreamEngineError(.sinkFailed, "staging manifest \(manifestPath(epoch)) is damaged")
                }
                result[i].append(StagedFile(add: add, path: add.path))
            case .parquet:
                result[i].append(StagedFile(add: nil, path: payload))
            }
        }
        return result
    }

    private func wrap<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StreamEngineError {
            throw error
        } catch {
            let names = targets.map(\.description).joined(separator: ", ")
            throw StreamEngineError(.sinkFailed, "cannot \(what) \(names)", cause: error)
        }
    }
}

extension LakeTables {
    /// Writer options of plain Parquet datasets: the lake's compression, as Delta tables use.
    var parquetOptions: ParquetWriterOptions {
        var options = configuration.parquet
        options.compression = configuration.compression
        return options
    }
}

/// A transactional sink over a `LakeEpochSink`: the pipeline reads its last commit for the
/// health view.
protocol LakeBackedSink {
    var lake: LakeEpochSink { get }
}

extension DeltaWindowSink: LakeBackedSink {}
extension PassThroughSink: LakeBackedSink {}
