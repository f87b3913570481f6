/// A pipeline's ok/warn/error counts (the simulators' `status` field) per open window, as
/// `/api/status` returns them. Window bounds are written like `latest.json`'s, so the page
/// matches them to the window it shows.
public struct DashboardStatusCounts: Codable, Hashable, Sendable {
    public var pipeline: String
    /// In window start order.
    public var windows: [DashboardStatusWindow]

    public init(pipeline: String, windows: [DashboardStatusWindow]) {
        self.pipeline = pipeline
        self.windows = windows
    }
}

/// One window's counts, summed over its groups (devices).
public struct DashboardStatusWindow: Codable, Hashable, Sendable {
    /// ISO-8601 UTC, e.g. `2024-11-03T14:30:00Z`.
    public var windowStart: String
    public var windowEnd: String
    public var ok: Int64
    public var warn: Int64
    public var error: Int64

    enum CodingKeys: String, CodingKey {
        case windowStart = "window_start"
        case windowEnd = "window_end"
        case ok, warn, error
    }

    public init(windowStart: String, windowEnd: String, ok: Int64, warn: Int64, error: Int64) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.ok = ok
        self.warn = warn
        self.error = error
    }
}
