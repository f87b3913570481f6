/// A Delta table's size, as `rivulet lake stats` prints it.
public struct DashboardLakeTable: Codable, Hashable, Sendable {
    public var name: String
    public var version: Int64
    public var files: Int
    public var rows: Int64
    public var bytes: Int64

    public init(name: String, version: Int64, files: Int, rows: Int64, bytes: Int64) {
        self.name = name
        self.version = version
        self.files = files
        self.rows = rows
        self.bytes = bytes
    }
}
