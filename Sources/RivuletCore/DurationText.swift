/// Durations as people write them in config and flags: `100ms`, `10s`, `1m`, `7d`, `1h30m`.
public enum DurationText {
    static let units: [(suffix: String, nanoseconds: Int64)] = [
        ("ns", 1), ("us", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000), ("w", 604_800_000_000_000),
    ]

    /// Parses one or more `<integer><unit>` parts; a bare `0` is zero. Nil on anything else.
    public static func parse(_ text: String) -> Duration? {
        let s = Array(text.trimmingSpaces.utf8)
        if s == Array("0".utf8) { return .zero }
        var index = 0
        var total: Int64 = 0
        guard !s.isEmpty else { return nil }
        while index < s.count {
            var value: Int64 = 0
            let start = index
            while index < s.count, s[index] >= 48, s[index] <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(s[index] - 48))
                guard !o1, !o2 else { return nil }
                value = a
                index += 1
            }
            guard index > start else { return nil }
            let unitStart = index
            while index < s.count, !(s[index] >= 48 && s[index] <= 57) { index += 1 }
            let unit = String(decoding: s[unitStart..<index], as: UTF8.self)
            guard let factor = units.first(where: { $0.suffix == unit })?.nanoseconds else { return nil }
            let (part, o3) = value.multipliedReportingOverflow(by: factor)
            let (sum, o4) = total.addingReportingOverflow(part)
            guard !o3, !o4 else { return nil }
            total = sum
        }
        return .nanoseconds(total)
    }

    /// The shortest exact form: `10s`, `1m`, `7d`, `1500ms`.
    public static func format(_ duration: Duration) -> String {
        let ns = duration.nanoseconds
        if ns == 0 { return "0s" }
        for (suffix, factor) in units.reversed() where ns % factor == 0 {
            return "\(ns / factor)\(suffix)"
        }
        return "\(ns)ns"
    }
}

extension Duration {
    /// Whole nanoseconds, saturating at Int64's range.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (a, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (b, o2) = a.addingReportingOverflow(attoseconds / 1_000_000_000)
        if o1 || o2 { return seconds < 0 ? .min : .max }
        return b
    }

    public var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
