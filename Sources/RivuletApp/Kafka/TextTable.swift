/// A plain-text table for people: a header row, columns padded to their widest cell,
/// numeric columns right-aligned. Scripts use each command's `--json` instead.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(_ headers: [String]) { self.headers = headers }

    public mutating func append(_ row: [String]) { rows.append(row) }

    public var rendered: String {
        let count = headers.count
        let body = rows.map { row in (0..<count).map { $0 < row.count ? row[$0] : "" } }
        let widths = (0..<count).map { i in ([headers[i]] + body.map { $0[i] }).map(\.count).max() ?? 0 }
        let numeric = (0..<count).map { i in
            let cells = body.map { $0[i] }.filter { !$0.isEmpty && $0 != "-" }
            return !cells.isEmpty && cells.allSatisfy { $0.allSatisfy { $0.isNumber || $0 == "-" } }
        }
        return ([headers] + body).map { row in
            (0..<count).map { i in
                let pad = String(repeating: " ", count: widths[i] - row[i].count)
                if numeric[i] { return pad + row[i] }
                return i == count - 1 ? row[i] : row[i] + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
