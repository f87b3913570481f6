/// A size in bytes, written in config as `256MiB`, `1GB`, `4096`.
public struct ByteCount: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ bytes: Int64) { self.rawValue = bytes }
    public static func kibibytes(_ n: Int64) -> ByteCount { ByteCount(n << 10) }
    public static func mebibytes(_ n: Int64) -> ByteCount { ByteCount(n << 20) }
    public static func gibibytes(_ n: Int64) -> ByteCount { ByteCount(n << 30) }
    public static func < (a: ByteCount, b: ByteCount) -> Bool { a.rawValue < b.rawValue }

    static let units: [(suffix: String, factor: Int64)] = [
        ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
        ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("kB", 1_000),
        ("B", 1),
    ]

    /// Parses `128MiB`, `10 MB`, `512` (bytes). Returns nil on anything else or on overflow.
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces
        var number = Substring(trimmed)
        var factor: Int64 = 1
        for unit in Self.units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            factor = unit.factor
            break
        }
        guard let value = Int64(String(number).trimmingSpaces), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        self.rawValue = product
    }

    /// The largest binary unit that divides the size exactly: `256MiB`, `1000B`.
    public var description: String {
        for (suffix, factor) in [("TiB", Int64(1) << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where rawValue != 0 && rawValue % factor == 0 {
            return "\(rawValue / factor)\(suffix)"
        }
        return "\(rawValue)B"
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
