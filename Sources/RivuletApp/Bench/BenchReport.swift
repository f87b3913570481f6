import Foundation

/// A benchmark's figures, printed as a table for people or as one JSON object for scripts
/// (DESIGN §7): `{"bench": "log", "machine": {...}, "results": [{"name", "value", "unit"}]}`.
public struct BenchReport: Sendable {
    public struct Result: Sendable {
        public var name: String
        public var value: Double
        public var unit: String
    }

    public let bench: String
    public private(set) var results: [Result] = []

    public init(bench: String) { self.bench = bench }

    public mutating func add(_ name: String, _ value: Double, _ unit: String) {
        results.append(Result(name: name, value: value, unit: unit))
    }

    public func json() -> String {
        let machine: [String: Any] = [
            "cores": ProcessInfo.processInfo.activeProcessorCount,
            "memory_bytes": ProcessInfo.processInfo.physicalMemory,
            "os": ProcessInfo.processInfo.operatingSystemVersionString,
        ]
        let object: [String: Any] = [
            "bench": bench, "machine": machine,
            "results": results.map { ["name": $0.name, "value": Self.rounded($0.value), "unit": $0.unit] as [String: Any] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public func table() -> String {
        let width = results.map(\.name.count).max() ?? 10
        return results.map { r in
            r.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + Self.format(r.value) + " " + r.unit
        }.joined(separator: "\n")
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int64(value.rounded())) : String(format: "%.2f", value)
    }
}

/// Memory figures of this process from /proc (Linux).
public enum ProcessMemory {
    /// Current and peak resident set size in bytes.
    public static func residentBytes() -> (current: Int64, peak: Int64) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int64 {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            let digits = line.split(separator: " ").compactMap { Int64($0) }.first ?? 0
            return digits * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}

/// CPU time of this process (every thread, user + sys).
public enum ProcessCPU {
    public static func seconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
