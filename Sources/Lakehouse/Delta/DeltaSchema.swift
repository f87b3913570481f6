import Foundation

/// Delta's JSON schema (`schemaString`), partition value strings and per-file statistics.
extension LakeSchema {
    /// `{"type":"struct","fields":[{"name":…,"type":"long","nullable":true,"metadata":{}}]}`
    public var deltaSchemaString: String {
        let fields = columns.map { c in
            ["name": c.name, "type": c.type.deltaTypeName, "nullable": c.nullable, "metadata": [String: Any]()]
                as [String: Any]
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: ["type": "struct", "fields": fields], options: [.sortedKeys]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a flat Delta schema; nested or unknown types are an error naming the column.
    public init(deltaSchemaString: String) throws {
        guard let o = try? JSONSerialization.jsonObject(with: Data(deltaSchemaString.utf8)) as? [String: Any],
            let fields = o["fields"] as? [[String: Any]]
        else { throw LakehouseError(.corruptFile, "Delta schemaString is not a struct schema") }
        var columns: [LakeColumn] = []
        for f in fields {
            guard let name = f["name"] as? String else {
                throw LakehouseError(.corruptFile, "Delta schema field without a name")
            }
            guard let typeName = f["type"] as? String, let type = LakeType(deltaTypeName: typeName) else {
                throw LakehouseError(
                    .unsupportedFeature,
                    "column \(name) has Delta type \(f["type"] ?? "?"), which Rivulet does not read")
            }
            columns.append(LakeColumn(name, type, nullable: (f["nullable"] as? Bool) ?? true))
        }
        self.init(columns)
    }
}

/// Partition values as Delta serialises them: decimal numbers, `true`/`false`, strings as
/// they are, timestamps as `yyyy-MM-dd HH:mm:ss.SSSSSS` in UTC. Null is nil.
enum DeltaPartitionValue {
    static func string(_ data: ColumnData, _ row: Int) -> String? {
        if data.isNull(row) { return nil }
        switch data.values {
        case .int32(let v): return String(v[row])
        case .int64(let v): return String(v[row])
        case .double(let v): return String(v[row])
        case .boolean(let v): return v[row] ? "true" : "false"
        case .string(let v): return v[row]
        case .timestampMicros(let v): return DeltaTime.partitionTimestamp(v[row])
        }
    }

    /// One partition column's values for `count` rows.
    static func column(_ type: LakeType, _ value: String?, count: Int) throws -> ColumnData {
        guard let value else {
            return ColumnData(
                ColumnValues.empty(type).repeated(placeholderFor: type, count: count),
                validity: Array(repeating: false, count: count))
        }
        func bad() -> LakehouseError { LakehouseError(.corruptFile, "partition value \(value) is not a \(type)") }
        switch type {
        case .int32:
            guard let v = Int32(value) else { throw bad() }
            return ColumnData(.int32(Array(repeating: v, count: count)))
        case .int64:
            guard let v = Int64(value) else { throw bad() }
            return ColumnData(.int64(Array(repeating: v, count: count)))
        case .double:
            guard let v = Double(value) else { throw bad() }
            return ColumnData(.double(Array(repeating: v, count: count)))
        case .boolean: return ColumnData(.boolean(Array(repeating: value == "true", count: count)))
        case .string: return ColumnData(.string(Array(repeating: value, count: count)))
        case .timestampMicros:
            guard let v = DeltaTime.parseTimestamp(value) else { throw bad() }
            return ColumnData(.timestampMicros(Array(repeating: v, count: count)))
        }
    }

    /// Directory-name escaping of Hive partitions: only characters that break paths or
    /// `k=v` parsing are percent-encoded.
    static func escapeDirectory(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if b < 0x20 || b >= 0x7F || "\"#%'*/:=?\\{[]^ ".contains(c) {
                out += String(format: "%%%02X", b)
            } else {
                out.append(c)
            }
        }
        return out
    }
}

extension ColumnValues {
    func repeated(placeholderFor type: LakeType, count: Int) -> ColumnValues {
        switch type {
        case .int32: return .int32(Array(repeating: 0, count: count))
        case .int64: return .int64(Array(repeating: 0, count: count))
        case .double: return .double(Array(repeating: 0, count: count))
        case .boolean: return .boolean(Array(repeating: false, count: count))
        case .string: return .string(Array(repeating: "", count: count))
        case .timestampMicros: return .timestampMicros(Array(repeating: 0, count: count))
        }
    }
}

/// UTC calendar arithmetic without Foundation's formatters (which are not thread-safe).
enum DeltaTime {
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func days(_ y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func parts(_ micros: Int64) -> (date: String, time: String, fraction: Int64) {
        let secs = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let frac = micros - secs * 1_000_000
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let sod = secs - days * 86400
        let (y, m, d) = civil(days)
        let date = String(format: "%04lld-%02lld-%02lld", y, m, d)
        let time = String(format: "%02lld:%02lld:%02lld", sod / 3600, sod / 60 % 60, sod % 60)
        return (date, time, frac)
    }

    /// `2024-11-03` for a timestamp (the `dt=` partitions of seed 002).
    public static func date(micros: Int64) -> String { parts(micros).date }

    static func partitionTimestamp(_ micros: Int64) -> String {
        let p = parts(micros)
        return "\(p.date) \(p.time).\(String(format: "%06lld", p.fraction))"
    }

    /// ISO-8601 with milliseconds, as Delta statistics store timestamps; `roundUp` for
    /// maxima so that truncation never makes a max smaller than the data.
    static func statsTimestamp(_ micros: Int64, roundUp: Bool) -> String {
        var m = micros
        if roundUp && m % 1000 != 0 { m += 1000 - ((m % 1000) + 1000) % 1000 }
        let p = parts(m)
        return "\(p.date)T\(p.time).\(String(format: "%03lld", p.fraction / 1000))Z"
    }

    /// Parses `yyyy-MM-dd[ T]HH:mm:ss[.ffffff][Z]` as UTC microseconds.
    static func parseTimestamp(_ s: String) -> Int64? {
        let chars = Array(s.utf8)
        func num(_ from: Int, _ n: Int) -> Int64? {
            guard from + n <= chars.count else { return nil }
            var v: Int64 = 0
            for c in chars[from..<from + n] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2) else { return nil }
        var micros = days(y, mo, d) * 86_400_000_000
        if chars.count >= 19, let h = num(11, 2), let mi = num(14, 2), let se = num(17, 2) {
            micros += ((h * 60 + mi) * 60 + se) * 1_000_000
            if chars.count > 20, chars[19] == UInt8(ascii: ".") {
                var frac: Int64 = 0
                var digits = 0
                for c in chars[20...] where c >= 48 && c <= 57 && digits < 6 {
                    frac = frac * 10 + Int64(c - 48)
                    digits += 1
                }
                for _ in digits..<6 { frac *= 10 }
                micros += frac
            }
        }
        return micros
    }
}

/// Per-file statistics for an add action, from the Parquet writer's column statistics.
enum DeltaStats {
    /// Longest string kept in min/max, as Spark does; longer maxima are left out (unknown).
    static let stringPrefix = 32

    static func json(schema: LakeSchema, rows: Int64, statistics: [ColumnStatistics]) -> String {
        var mins: [String: Any] = [:]
        var maxs: [String: Any] = [:]
        var nulls: [String: Any] = [:]
        for (c, s) in zip(schema.columns, statistics) {
            nulls[c.name] = NSNumber(value: s.nullCount)
            if let v = s.min, let j = value(v, c.type, isMax: false) { mins[c.name] = j }
            if let v = s.max, let j = value(v, c.type, isMax: true) { maxs[c.name] = j }
        }
        let o: [String: Any] = [
            "numRecords": NSNumber(value: rows), "minValues": mins, "maxValues": maxs, "nullCount": nulls,
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func value(_ v: StatValue, _ type: LakeType, isMax: Bool) -> Any? {
        switch (v, type) {
        case (.int32(let x), _): return NSNumber(value: x)
        case (.int64(let x), .timestampMicros): return DeltaTime.statsTimestamp(x, roundUp: isMax)
        case (.int64(let x), _): return NSNumber(value: x)
        case (.double(let x), _): return x.isFinite ? NSNumber(value: x) : nil
        case (.string(let s), _):
            if s.count <= stringPrefix { return s }
            return isMax ? nil : String(s.prefix(stringPrefix))
        case (.boolean, _): return nil
        }
    }
}
