import Foundation
import Lakehouse
import Logging
import RivuletCore
import StreamEngine

/// How a `LakeEpochSink` holds rows back to write fewer, larger files: the lake's
/// `target_file_size`, `flush_interval` and `optimize_after_files`.
public struct LakeBuffering: Sendable {
    public var policy: LakeFlushPolicy
    /// The time between the pipeline's epochs: a partition whose oldest row would pass
    /// `flushInterval` before the next epoch is written at this one, so rows wait at most
    /// about `flushInterval`, and a `flushInterval` at or under the checkpoint interval
    /// writes every epoch's rows.
    public var horizon: Duration
    public var clock: any WallClock
    public var logger: Logger

    public init(policy: LakeFlushPolicy, horizon: Duration, clock: any WallClock, logger: Logger) {
        self.policy = policy
        self.horizon = horizon
        self.clock = clock
        self.logger = logger
    }

    var now: Duration { .milliseconds(clock.wallTime().milliseconds) }
}

/// What a buffering sink holds between epochs, per target.
struct HeldRows: Sendable {
    var buffers: [PartitionedRowBuffer?]
    /// Rows read back from carry files after a restart, with when they arrived; they join
    /// their buffer at the next prepare, which knows the rows' schema.
    var reloaded: [[(since: Duration, parts: [PartitionRows])]]
    /// The carry files behind the buffers' rows, as the last prepare (or the reload) left them.
    var carry = LakeCarryManifest()
    /// The next prepare writes every held row (a final checkpoint, a revoked partition).
    var drainNext = false

    init(targets: Int) {
        buffers = Array(repeating: nil, count: targets)
        reloaded = Array(repeating: [], count: targets)
    }
}

extension LakeEpochSink {
    /// Makes the next epoch write every held row: before a final checkpoint, or before a
    /// partition moves to another instance.
    public func drainAtNextEpoch() { held.withLock { $0.drainNext = true } }

    /// Rows held for a later file, over all targets.
    public var heldRows: Int {
        held.withLock { h in
            h.buffers.reduce(0) { $0 + ($1?.bufferedRows ?? 0) } + h.reloaded.joined().flatMap(\.parts).reduce(0) { $0 + $1.rows.count }
        }
    }

    /// Whether an epoch now would write held rows, so that a pipeline that skips idle
    /// checkpoints still takes one for them.
    public var isFlushDue: Bool {
        guard let buffering else { return false }
        let horizon = buffering.now + buffering.horizon
        return held.withLock { h in
            h.reloaded.contains { !$0.isEmpty } || h.buffers.contains { $0?.isDue(now: horizon) ?? false }
                || (h.drainNext && h.buffers.contains { ($0?.bufferedRows ?? 0) > 0 })
        }
    }

    /// Adds an epoch's rows of target `i` (split by its partition columns) to its buffer and
    /// returns the partitions due now; this epoch's rows of the other partitions go to a
    /// carry file, which the epoch's carry manifest lists.
    func hold(
        _ parts: [PartitionRows], schema: LakeSchema, target i: Int, epoch: UInt64, now: Duration,
        _ buffering: LakeBuffering, _ held: inout HeldRows
    ) throws -> [PartitionRows] {
        var buffer: PartitionedRowBuffer
        if let existing = held.buffers[i] {
            buffer = existing
        } else {
            buffer = PartitionedRowBuffer(schema: schema, partitionBy: targets[i].partitionBy, policy: buffering.policy, now: now)
            for carried in held.reloaded[i] {
                // Read back from Parquet: the same columns, under the schema the sink declares.
                let parts = try carried.parts.map { PartitionRows(values: $0.values, rows: try ColumnarRows(schema: schema, columns: $0.rows.columns)) }
                try buffer.append(parts, now: carried.since)
            }
            held.reloaded[i] = []
        }
        try buffer.append(parts, now: now)
        let due = held.drainNext ? buffer.takeAll(now: now) : buffer.take(buffer.duePartitions(now: now + buffering.horizon))
        held.buffers[i] = buffer
        let written = Set(due.map(\.values))
        held.carry.remove(written, of: i)
        let kept = parts.filter { !written.contains($0.values) }
        if !kept.isEmpty {
            let path = "carry/\(epoch)-\(i).parquet"
            try AtomicFile.createDirectory(stagingDirectory + "/carry")
            let writer = try ParquetWriter(path: stagingDirectory + "/" + path, schema: schema)
            for part in kept { try writer.write(part.rows) }
            _ = try writer.close()
            held.carry.entries.append(
                LakeCarryManifest.Entry(target: i, path: path, sinceMilliseconds: now.milliseconds, partitions: kept.map(\.values)))
        }
        return due
    }

    func carryManifestPath(_ epoch: UInt64) -> String { "\(stagingDirectory)/\(epoch).carry" }

    func readCarryManifest(_ epoch: UInt64) throws -> LakeCarryManifest? {
        let path = carryManifestPath(epoch)
        return try AtomicFile.read(path).map { try LakeCarryManifest(decoding: $0, targets: targets.count, source: path) }
    }

    /// After `epoch` is committed (or recovered): its carry manifest is the one a restart
    /// reads, so other manifests and every carry file it does not list go. Returns that manifest.
    @discardableResult
    func keepCarry(of epoch: UInt64?) throws -> LakeCarryManifest {
        let keep = try epoch.flatMap(readCarryManifest) ?? LakeCarryManifest()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stagingDirectory)) ?? []
        for name in names where name.hasSuffix(".carry") && name != epoch.map({ "\($0).carry" }) {
            try AtomicFile.remove(stagingDirectory + "/" + name)
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: stagingDirectory + "/carry")) ?? []
        for name in files where !keep.paths.contains("carry/" + name) {
            try AtomicFile.remove(stagingDirectory + "/carry/" + name)
        }
        return keep
    }

    /// Restores the held rows as of committed `epoch` (none when nil) from its carry files,
    /// dropping what later, replayed epochs held.
    func reloadCarry(of epoch: UInt64?) throws {
        let carry = try keepCarry(of: epoch)
        var state = HeldRows(targets: targets.count)
        state.carry = carry
        for entry in carry.entries {
            let path = stagingDirectory + "/" + entry.path
            let rows: ColumnarRows
            do { rows = try ParquetFile(path: path).readRows() } catch {
                throw StreamEngineError(
                    .sinkFailed, "carry file \(path) of epoch \(epoch ?? 0) cannot be read; `rivulet clean --checkpoints` resets the pipeline",
                    cause: error)
            }
            let wanted = Set(entry.partitions)
            let parts = try rows.partitioned(by: targets[entry.target].partitionBy).filter { wanted.contains($0.values) }
            state.reloaded[entry.target].append((since: .milliseconds(entry.sinceMilliseconds), parts: parts))
        }
        held.withLock { $0 = state }
    }

    /// Auto-optimize: after a commit that wrote files to a Delta table, compacts the partitions
    /// that have gathered `optimize_after_files` small files. Best effort: the commit stands
    /// either way, so a failure is logged, not thrown.
    func compactSmallFiles(written staged: [[StagedFile]]) {
        guard let buffering, buffering.policy.optimizeAfterFiles > 0 else { return }
        for (target, files) in zip(targets, staged) where !files.isEmpty {
            guard case .delta(let writer, _) = target else { continue }
            do {
                if let result = try writer.table.optimizeIfNeeded(buffering.policy) {
                    buffering.logger.info(
                        "compacted small files",
                        metadata: ["table": "\(writer.table.path)", "removed": "\(result.filesRemoved)", "added": "\(result.filesAdded)"])
                }
            } catch {
                buffering.logger.warning("compacting small files failed", metadata: ["table": "\(writer.table.path)", "error": "\(error)"])
            }
        }
    }
}
