import Foundation
import StreamEngine

/// Matches the events of a run to the SSE pushes that first showed them.
///
/// A device's events all go to one partition, which the pipeline reads in order, so when a
/// pushed document shows `count = c` for (device, window), the first `c` events of that window
/// in log order are in it. The latency of the k-th event is the arrival time of the first push
/// with a count of at least k, minus the event's creation time (its `ts`).
struct EndToEndLatency {
    struct Key: Hashable {
        var device: String
        var windowStart: Int64
    }

    /// Per window and device, each time its pushed count grew: the count and the arrival time
    /// (epoch milliseconds, fractional).
    private(set) var arrivals: [Key: [(count: Int64, at: Double)]] = [:]
    /// Arrival time of the first push that had a window row.
    private(set) var firstDataAt: Double?
    private(set) var documents = 0

    /// Records one pushed `latest.json` document.
    mutating func observe(document: [UInt8], at: Double) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(document)) as? [String: Any],
            let records = object["records"] as? [[String: Any]]
        else { return }
        documents += 1
        if firstDataAt == nil, !records.isEmpty { firstDataAt = at }
        for record in records {
            guard let device = record["device_id"] as? String,
                let start = (record["window_start"] as? String).flatMap(ISO8601Text.parse),
                let count = (record["count"] as? NSNumber)?.int64Value
            else { continue }
            let key = Key(device: device, windowStart: start)
            if (arrivals[key]?.last?.count ?? 0) < count { arrivals[key, default: []].append((count, at)) }
        }
    }

    /// Latencies in milliseconds of the events created at or after `since`, given every
    /// event's creation time per key in log order; events never shown are counted apart.
    func latencies(events: [Key: [Int64]], since: Double) -> (milliseconds: [Double], unobserved: Int) {
        var out: [Double] = []
        var unobserved = 0
        for (key, times) in events {
            let shown = arrivals[key] ?? []
            var j = 0
            for (k, ts) in times.enumerated() {
                while j < shown.count, shown[j].count < Int64(k + 1) { j += 1 }
                guard Double(ts) >= since else { continue }
                guard j < shown.count else {
                    unobserved += 1
                    continue
                }
                out.append(shown[j].at - Double(ts))
            }
        }
        return (out, unobserved)
    }

    /// The q-quantile (0...1) by nearest rank; nil when empty.
    static func quantile(_ q: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
