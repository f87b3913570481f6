/// Per-device time series of window averages, built from successive snapshot documents.
///
/// Kept in event time (window starts), not processing time, so it needs no clock: points
/// older than `window` before the newest window start are dropped. A window's partial results
/// arrive many times; the newest value for a window start replaces the older one.
/// Device ids come from producers, so the number of devices and points is capped.
struct SeriesHistory: Sendable {
    struct Point: Codable, Hashable, Sendable {
        /// Window start, epoch milliseconds.
        var t: Int64
        var temperature: Double?
        var humidity: Double?
    }

    let windowMilliseconds: Int64
    let maxDevices: Int
    let maxPointsPerDevice: Int
    private(set) var points: [String: [Int64: Point]] = [:]
    private(set) var newestStart: Int64 = .min

    init(window: Duration, maxDevices: Int = 1000, maxPointsPerDevice: Int = 2000) {
        windowMilliseconds = window.components.seconds * 1000
        self.maxDevices = maxDevices
        self.maxPointsPerDevice = maxPointsPerDevice
    }

    mutating func add(_ document: SnapshotDocument) {
        for record in document.records {
            guard let device = record.deviceID, let start = record.windowStartMilliseconds else { continue }
            if points[device] == nil && points.count >= maxDevices { continue }
            points[device, default: [:]][start] = Point(
                t: start, temperature: record.avgTemperature, humidity: record.avgHumidity)
            newestStart = max(newestStart, start)
        }
        trim()
    }

    private mutating func trim() {
        // Documents without device windows (e.g. smarttech's gold rows per building) add nothing.
        guard newestStart > .min else { return }
        let cutoff = newestStart - windowMilliseconds
        for device in points.keys {
            points[device] = points[device]?.filter { $0.key >= cutoff }
            if let count = points[device]?.count, count > maxPointsPerDevice, let kept = points[device] {
                let newest = kept.keys.sorted().suffix(maxPointsPerDevice)
                points[device] = kept.filter { newest.contains($0.key) }
            }
            if points[device]?.isEmpty ?? true { points[device] = nil }
        }
    }

    /// Devices in id order, each with its points in time order.
    var series: [DeviceSeries] {
        points.keys.sorted().map { device in
            DeviceSeries(deviceID: device, points: (points[device] ?? [:]).values.sorted { $0.t < $1.t })
        }
    }
}

/// One device's series as `/api/series` returns it.
struct DeviceSeries: Codable, Hashable, Sendable {
    var deviceID: String
    var points: [SeriesHistory.Point]

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case points
    }
}
