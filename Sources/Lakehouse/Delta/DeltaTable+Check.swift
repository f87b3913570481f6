/// `rivulet lake check`: verifies the log and every live file without ever throwing on
/// damage; each problem is reported with the path and what is wrong.
public struct DeltaCheckReport: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case corruptLog, missingFile, sizeMismatch, corruptFile
    }

    public struct Problem: Hashable, Sendable {
        public var kind: Kind
        public var path: String
        public var message: String
    }

    public var version: Int64?
    public var filesChecked: Int
    public var problems: [Problem]
    public var isHealthy: Bool { problems.isEmpty }
}

extension DeltaTable {
    /// With `decodeData`, every page of every file is decoded, not only the footers.
    public func check(decodeData: Bool = true) -> DeltaCheckReport {
        var problems: [DeltaCheckReport.Problem] = []
        for v in log.listing().commits {
            do { _ = try log.readCommit(v) } catch {
                problems.append(
                    .init(kind: .corruptLog, path: "_delta_log/\(DeltaLog.commitName(v))", message: "\(error)"))
            }
        }
        // Readers skip a damaged checkpoint for an older one or the JSON commits, so the table
        // still opens; the damage is reported all the same.
        for v in log.listing().checkpoints {
            do { _ = try DeltaCheckpoint.read(log, version: v) } catch {
                problems.append(
                    .init(kind: .corruptLog, path: "_delta_log/\(DeltaLog.checkpointName(v))", message: "\(error)"))
            }
        }
        let snap: DeltaSnapshot
        do {
            snap = try snapshot()
        } catch {
            problems.append(.init(kind: .corruptLog, path: "_delta_log", message: "\(error)"))
            return DeltaCheckReport(version: nil, filesChecked: 0, problems: problems)
        }
        for add in snap.files.values.sorted(by: { $0.path < $1.path }) {
            let file = absolutePath(add.path)
            guard let size = FileIO.fileSize(file) else {
                problems.append(.init(kind: .missingFile, path: add.path, message: "file is missing"))
                continue
            }
            if size != add.size {
                problems.append(
                    .init(
                        kind: .sizeMismatch, path: add.path, message: "file is \(size) bytes, the log says \(add.size)")
                )
                continue
            }
            do {
                let parquet = try ParquetFile(path: file)
                if decodeData {
                    for c in parquet.schema.columns.indices { _ = try parquet.readLeaf(column: c) }
                }
            } catch {
                problems.append(.init(kind: .corruptFile, path: add.path, message: "\(error)"))
            }
        }
        return DeltaCheckReport(version: snap.version, filesChecked: snap.files.count, problems: problems)
    }
}
