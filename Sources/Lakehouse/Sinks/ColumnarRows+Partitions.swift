/// Rows of one partition: its values (Hive/Delta partition strings, nil for null) in the
/// order of the partition columns, and the rows themselves, partition columns included.
public struct PartitionRows: Hashable, Sendable {
    public var values: [String?]
    public var rows: ColumnarRows

    public init(values: [String?], rows: ColumnarRows) {
        self.values = values
        self.rows = rows
    }
}

extension ColumnarRows {
    /// The rows split by the values of `columns`, partitions in order of first appearance.
    /// Every name must be a column of the rows.
    public func partitioned(by columns: [String]) throws -> [PartitionRows] {
        let indexes = try columns.map { name -> Int in
            guard let i = schema.index(of: name) else {
                throw LakehouseError(.invalidArgument, "partition column \(name) is not in the rows")
            }
            return i
        }
        guard !indexes.isEmpty else { return count > 0 ? [PartitionRows(values: [], rows: self)] : [] }
        var groups: [[String?]: [Int]] = [:]
        var order: [[String?]] = []
        for row in 0..<count {
            let key = indexes.map { DeltaPartitionValue.string(self.columns[$0], row) }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        if order.count == 1 { return [PartitionRows(values: order[0], rows: self)] }
        return order.map { PartitionRows(values: $0, rows: select(groups[$0] ?? [])) }
    }
}

extension PartitionRows {
    /// `k=v/…` directories, as Hive and Delta name them.
    func directory(_ columns: [String]) -> [String] {
        zip(columns, values).map {
            "\($0)=\($1.map(DeltaPartitionValue.escapeDirectory) ?? "__HIVE_DEFAULT_PARTITION__")"
        }
    }
}
