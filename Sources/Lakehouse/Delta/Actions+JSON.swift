import Foundation

/// One action per line of a commit file: `{"add": {...}}`. Parsing and printing go through
/// JSONSerialization; the log is not a hot path.
extension DeltaAction {
    static func corrupt(_ what: String) -> LakehouseError {
        LakehouseError(.corruptFile, "malformed Delta log action: \(what)")
    }

    public static func parse(line: String) throws -> DeltaAction {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        } catch {
            throw corrupt("not JSON: \(line.prefix(80))")
        }
        guard let top = object as? [String: Any], top.count == 1, let (key, body) = top.first else {
            throw corrupt("expected one action per line: \(line.prefix(80))")
        }
        guard let o = body as? [String: Any] else { return .other(key) }
        switch key {
        case "protocol":
            return .protocol(
                DeltaProtocol(
                    minReaderVersion: try int(o, "minReaderVersion", in: key),
                    minWriterVersion: try int(o, "minWriterVersion", in: key),
                    readerFeatures: o["readerFeatures"] as? [String], writerFeatures: o["writerFeatures"] as? [String]))
        case "metaData":
            var m = DeltaMetadata(
                id: try string(o, "id", in: key), schemaString: try string(o, "schemaString", in: key),
                partitionColumns: o["partitionColumns"] as? [String] ?? [],
                createdTime: (o["createdTime"] as? NSNumber)?.int64Value)
            m.name = o["name"] as? String
            m.description = o["description"] as? String
            if let format = o["format"] as? [String: Any] {
                m.formatProvider = format["provider"] as? String ?? "parquet"
                m.formatOptions = format["options"] as? [String: String] ?? [:]
            }
            m.configuration = (o["configuration"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            return .metaData(m)
        case "add":
            var a = AddFile(
                path: try string(o, "path", in: key), partitionValues: partitionValues(o["partitionValues"]),
                size: try int64(o, "size", in: key),
                modificationTime: (o["modificationTime"] as? NSNumber)?.int64Value ?? 0,
                dataChange: (o["dataChange"] as? NSNumber)?.boolValue ?? true, stats: o["stats"] as? String)
            a.tags = o["tags"] as? [String: String]
            a.hasDeletionVector = o["deletionVector"].map { !($0 is NSNull) } ?? false
            return .add(a)
        case "remove":
            var r = RemoveFile(
                path: try string(o, "path", in: key),
                deletionTimestamp: (o["deletionTimestamp"] as? NSNumber)?.int64Value,
                dataChange: (o["dataChange"] as? NSNumber)?.boolValue ?? true)
            r.extendedFileMetadata = (o["extendedFileMetadata"] as? NSNumber)?.boolValue
            r.partitionValues = o["partitionValues"].map { partitionValues($0) }
            r.size = (o["size"] as? NSNumber)?.int64Value
            return .remove(r)
        case "txn":
            return .txn(
                DeltaTxn(
                    appId: try string(o, "appId", in: key), version: try int64(o, "version", in: key),
                    lastUpdated: (o["lastUpdated"] as? NSNumber)?.int64Value))
        case "commitInfo":
            var c = DeltaCommitInfo(
                timestamp: (o["timestamp"] as? NSNumber)?.int64Value, operation: o["operation"] as? String)
            for (k, v) in o["operationParameters"] as? [String: Any] ?? [:] { c.operationParameters[k] = jsonText(v) }
            for (k, v) in o["operationMetrics"] as? [String: Any] ?? [:] {
                if let n = v as? NSNumber {
                    c.operationMetrics[k] = n.int64Value
                } else if let s = v as? String, let n = Int64(s) {
                    c.operationMetrics[k] = n
                }
            }
            c.readVersion = (o["readVersion"] as? NSNumber)?.int64Value
            c.isBlindAppend = (o["isBlindAppend"] as? NSNumber)?.boolValue
            c.engineInfo = o["engineInfo"] as? String ?? o["clientVersion"] as? String
            return .commitInfo(c)
        default:
            return .other(key)
        }
    }

    private static func string(_ o: [String: Any], _ k: String, in action: String) throws -> String {
        guard let s = o[k] as? String else { throw corrupt("\(action) without \(k)") }
        return s
    }

    private static func int64(_ o: [String: Any], _ k: String, in action: String) throws -> Int64 {
        guard let n = o[k] as? NSNumber else { throw corrupt("\(action) without \(k)") }
        return n.int64Value
    }

    private static func int(_ o: [String: Any], _ k: String, in action: String) throws -> Int {
        Int(try int64(o, k, in: action))
    }

    private static func partitionValues(_ any: Any?) -> [String: String?] {
        guard let o = any as? [String: Any] else { return [:] }
        var out: [String: String?] = [:]
        for (k, v) in o { out[k] = .some(v as? String) }
        return out
    }

    static func jsonText(_ v: Any) -> String {
        if let s = v as? String { return s }
        if let data = try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(v)"
    }

    /// The action as one line of JSON (no trailing newline).
    public func jsonLine() -> String {
        let (key, body) = jsonObject()
        let data =
            (try? JSONSerialization.data(withJSONObject: [key: body], options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func jsonObject() -> (String, Any) {
        switch self {
        case .protocol(let p):
            var o: [String: Any] = ["minReaderVersion": p.minReaderVersion, "minWriterVersion": p.minWriterVersion]
            if let f = p.readerFeatures { o["readerFeatures"] = f }
            if let f = p.writerFeatures { o["writerFeatures"] = f }
            return ("protocol", o)
        case .metaData(let m):
            var o: [String: Any] = [
                "id": m.id, "format": ["provider": m.formatProvider, "options": m.formatOptions],
                "schemaString": m.schemaString, "partitionColumns": m.partitionColumns,
                "configuration": m.configuration,
            ]
            if let n = m.name { o["name"] = n }
            if let d = m.description { o["description"] = d }
            if let t = m.createdTime { o["createdTime"] = NSNumber(value: t) }
            return ("metaData", o)
        case .add(let a):
            var o: [String: Any] = [
                "path": a.path, "partitionValues": Self.jsonPartitionValues(a.partitionValues),
                "size": NSNumber(value: a.size),
                "modificationTime": NSNumber(value: a.modificationTime), "dataChange": a.dataChange,
            ]
            if let s = a.stats { o["stats"] = s }
            if let t = a.tags { o["tags"] = t }
            return ("add", o)
        case .remove(let r):
            var o: [String: Any] = ["path": r.path, "dataChange": r.dataChange]
            if let t = r.deletionTimestamp { o["deletionTimestamp"] = NSNumber(value: t) }
            if let e = r.extendedFileMetadata { o["extendedFileMetadata"] = e }
            if let p = r.partitionValues { o["partitionValues"] = Self.jsonPartitionValues(p) }
            if let s = r.size { o["size"] = NSNumber(value: s) }
            return ("remove", o)
        case .txn(let t):
            var o: [String: Any] = ["appId": t.appId, "version": NSNumber(value: t.version)]
            if let u = t.lastUpdated { o["lastUpdated"] = NSNumber(value: u) }
            return ("txn", o)
        case .commitInfo(let c):
            var o: [String: Any] = ["operationParameters": c.operationParameters]
            if let t = c.timestamp { o["timestamp"] = NSNumber(value: t) }
            if let op = c.operation { o["operation"] = op }
            if !c.operationMetrics.isEmpty {
                o["operationMetrics"] = c.operationMetrics.mapValues { NSNumber(value: $0) }
            }
            if let r = c.readVersion { o["readVersion"] = NSNumber(value: r) }
            if let b = c.isBlindAppend { o["isBlindAppend"] = b }
            if let e = c.engineInfo { o["engineInfo"] = e }
            return ("commitInfo", o)
        case .other(let key):
            return (key, [String: Any]())
        }
    }

    private static func jsonPartitionValues(_ p: [String: String?]) -> [String: Any] {
        p.mapValues { $0.map { $0 as Any } ?? NSNull() }
    }
}
