/// How the dashboard server listens and whom it lets in.
///
/// Named `…ServerConfiguration` because `RivuletConfig.DashboardConfiguration` is the
/// `dashboard:` section of `rivulet.yml`; the app layer maps that section onto this type.
public struct DashboardServerConfiguration: Sendable {
    /// Address to bind; 127.0.0.1 by default so the data stays on this machine.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 lets the system pick one (tests).
    public var port: Int = 5000
    /// When set, every route but `/healthz` needs `Authorization: Bearer <token>` or the
    /// cookie set by visiting `/?token=<token>` once.
    public var token: String?
    /// Where the snapshot comes from, shown on the page so users know what they are looking at.
    public var snapshotPath: String?
    /// How far back the per-device series reach, in event time.
    public var seriesWindow: Duration = .seconds(30 * 60)
    /// Upper bound for `?limit=` on the topic browser, so one request cannot read a whole log.
    public var maxMessages: Int = 200
    /// How often idle SSE streams get a comment line, so proxies keep them open and closed
    /// clients are noticed.
    public var heartbeatInterval: Duration = .seconds(15)

    public init() {}

    /// True when only this machine can connect.
    public var isLoopback: Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
    }
}
