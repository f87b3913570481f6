/// Renders seed 000's `latest.json`:
/// `{"updated_at": <epoch seconds>, "records": [{"window_start": "2024-11-03T14:30:00Z", …}]}`
/// with each record's keys in `PipelineDefinition.outputColumns` order. Hand-written so the
/// bytes are exactly the seed's shape (no Foundation key reordering or escaping of `/`).
public enum LatestDocument {
    public static func render(rows: [WindowRow], columns: [String], updatedAtSeconds: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + rows.count * 200)
        append("{\"updated_at\": \(updatedAtSeconds), \"records\": [", to: &out)
        for (n, row) in rows.enumerated() {
            if n > 0 { append(", ", to: &out) }
            out.append(UInt8(ascii: "{"))
            let values: [Value] = [.string(ISO8601Text.format(milliseconds: row.windowStart.milliseconds)),
                                   .string(ISO8601Text.format(milliseconds: row.windowEnd.milliseconds))]
                + row.keys + row.values
            for (k, value) in values.enumerated() where k < columns.count {
                if k > 0 { append(", ", to: &out) }
                appendString(columns[k], to: &out)
                append(": ", to: &out)
                appendValue(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        append("]}", to: &out)
        return out
    }

    /// Seed 000's document from an aggregator's open windows.
    public static func render(live snapshot: LiveSnapshot, definition: PipelineDefinition, updatedAtSeconds: Int64) -> [UInt8] {
        render(rows: snapshot.rows, columns: definition.outputColumns, updatedAtSeconds: updatedAtSeconds)
    }

    static func appendValue(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null: append("null", to: &out)
        case .int64(let v): append(String(v), to: &out)
        case .double(let v): append(v.isFinite ? String(v) : "null", to: &out)
        case .bool(let v): append(v ? "true" : "false", to: &out)
        case .string(let s): appendString(s, to: &out)
        case .timestamp(let t): appendString(ISO8601Text.format(milliseconds: t.milliseconds), to: &out)
        }
    }

    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: append("\\\"", to: &out)
            case 0x5C: append("\\\\", to: &out)
            case 0x0A: append("\\n", to: &out)
            case 0x0D: append("\\r", to: &out)
            case 0x09: append("\\t", to: &out)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append("\\u00", to: &out)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    static func append(_ s: String, to out: inout [UInt8]) { out.append(contentsOf: s.utf8) }
}
