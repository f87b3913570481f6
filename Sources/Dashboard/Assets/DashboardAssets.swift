/// One embedded file of the page. Assets live in Swift source so the binary works offline and
/// nothing is read from disk at request time.
public struct DashboardAsset: Sendable {
    public var contentType: String
    public var body: String
}

/// The page and its files, by the name under `/assets/`.
public enum DashboardAssets {
    public static let page = DashboardAsset(contentType: "text/html; charset=utf-8", body: pageHTML)
    public static let script = DashboardAsset(contentType: "text/javascript; charset=utf-8", body: pageScript)
    public static let style = DashboardAsset(contentType: "text/css; charset=utf-8", body: pageStyle)
    static let byName: [String: DashboardAsset] = ["app.js": script, "app.css": style]
}
