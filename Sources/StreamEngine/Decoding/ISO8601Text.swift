/// ISO-8601 timestamps without Foundation: parsing event times written as text and
/// formatting window bounds as the seed's `2024-11-03T14:30:00Z`.
public enum ISO8601Text {
    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `2024-11-03T14:30:00Z`, with `.mmm` only when the milliseconds are not zero.
    public static func format(milliseconds ms: Int64) -> String {
        let days = floorDiv(ms, 86_400_000)
        let inDay = ms - days * 86_400_000
        let (y, m, d) = civilFromDays(days)
        let secs = inDay / 1000
        let milli = inDay % 1000
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        out += pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2)
        if milli != 0 { out += "." + pad(milli, 3) }
        return out + "Z"
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space, `hh:mm[:ss[.fff…]]` and a
    /// zone `Z`, `±hh:mm` or `±hhmm` (none means UTC). Returns milliseconds, nil when malformed.
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        func digits(_ count: Int) -> Int64? {
            guard i + count <= n else { return nil }
            var v: Int64 = 0
            for _ in 0..<count {
                let c = p[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
                i += 1
            }
            return v
        }
        func accept(_ c: UInt8) -> Bool {
            if i < n, p[i] == c { i += 1; return true }
            return false
        }
        guard let year = digits(4), accept(45), let month = digits(2), accept(45), let day = digits(2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var ms = daysFromCivil(year: year, month: month, day: day) * 86_400_000
        guard i < n else { return ms }
        guard accept(84) || accept(116) || accept(32) else { return nil }  // T, t, space
        guard let hour = digits(2), hour < 24, accept(58), let minute = digits(2), minute < 60 else { return nil }
        ms += hour * 3_600_000 + minute * 60_000
        if accept(58) {
            guard let second = digits(2), second < 61 else { return nil }
            ms += second * 1000
            if accept(46) || accept(44) {
                var scale: Int64 = 100
                var any = false
                while i < n, p[i] >= 48, p[i] <= 57 {
                    ms += Int64(p[i] - 48) * scale
                    scale /= 10
                    any = true
                    i += 1
                }
                guard any else { return nil }
            }
        }
        if i == n || accept(90) || accept(122) { return i == n ? ms : nil }  // Z, z
        let sign: Int64
        if accept(43) { sign = 1 } else if accept(45) { sign = -1 } else { return nil }
        guard let zh = digits(2), zh < 24 else { return nil }
        _ = accept(58)
        guard let zm = digits(2), zm < 60, i == n else { return nil }
        return ms - sign * (zh * 3_600_000 + zm * 60_000)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// For tests and edges: parses a Swift string.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return nil }
            return parse(base, b.count)
        }
    }
}

/// Floor division, so that negative event times fall into the window before zero.
@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
