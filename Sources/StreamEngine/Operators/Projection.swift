import RivuletCore

/// `select:` bound to the columns it reads: checked once (every input exists and has a type
/// the function takes), then applied column by column to each `RowColumns`. String functions
/// run per distinct value, `date` per distinct day.
public struct Projection: Sendable {
    public let items: [SelectItem]
    /// The output columns' types, in order; known before any row, so tables can be created.
    public let types: [VectorType]
    /// Per output column, the index of the input column it reads.
    public let inputs: [Int]

    /// `columns` are the input's names and types, in the order rows will have them.
    public init(_ items: [SelectItem], columns: [(name: String, type: VectorType)], pipeline: String) throws(StreamEngineError) {
        var inputs: [Int] = []
        var types: [VectorType] = []
        for item in items {
            let wanted = item.expression.input
            guard let i = columns.firstIndex(where: { $0.name == wanted }) else {
                throw StreamEngineError(
                    .invalidPipeline,
                    "pipeline \(pipeline): select \(item.name) reads \(wanted), which is not a column; use one of \(columns.map(\.name).joined(separator: ", "))")
            }
            let type = columns[i].type
            let out: VectorType?
            switch item.expression {
            case .column: out = type
            case .date: out = type == .timestamp ? .string : nil
            case .upper, .lower: out = type == .string ? .string : nil
            case .round: out = type == .double || type == .int64 ? type : nil
            }
            guard let out else {
                throw StreamEngineError(
                    .invalidPipeline, "pipeline \(pipeline): select \(item.name): \(item.expression) cannot take \(wanted) (\(type.rawValue))")
            }
            inputs.append(i)
            types.append(out)
        }
        self.items = items
        self.types = types
        self.inputs = inputs
    }

    public func apply(_ rows: RowColumns) -> RowColumns {
        RowColumns(columns: zip(items, inputs).map { Self.evaluate($0, rows.columns[$1]) }, count: rows.count)
    }

    /// Over `rows` of a batch whose schema fields are the input columns: each field read is
    /// materialised once, only for the selected rows.
    public func apply(_ batch: ColumnBatch, rows: [Int32]) -> RowColumns {
        var materialised: [Int: RowColumns.Column] = [:]
        let columns = zip(items, inputs).map { item, f -> RowColumns.Column in
            let input = materialised[f] ?? batch.rowColumn(field: f, rows: rows)
            materialised[f] = input
            return Self.evaluate(item, input)
        }
        return RowColumns(columns: columns, count: rows.count)
    }

    static func evaluate(_ item: SelectItem, _ input: RowColumns.Column) -> RowColumns.Column {
        RowColumns.Column(item.name, evaluate(item.expression, input.values), validity: input.validity)
    }

    static func evaluate(_ expression: SelectExpression, _ values: RowColumns.Values) -> RowColumns.Values {
        switch (expression, values) {
        case (.date, .timestamp(let ms)): return dates(ms)
        case (.upper, .string(let codes, let dictionary)): return .string(codes: codes, dictionary: dictionary.map { $0.uppercased() })
        case (.lower, .string(let codes, let dictionary)): return .string(codes: codes, dictionary: dictionary.map { $0.lowercased() })
        case (.round(_, let n), .double(let v)):
            let scale = Double.pow10(n)
            return .double(v.map { ($0 * scale).rounded(.toNearestOrAwayFromZero) / scale })
        default: return values
        }
    }

    /// `YYYY-MM-DD` of each timestamp (UTC), dictionary-encoded by day.
    static func dates(_ ms: [Int64]) -> RowColumns.Values {
        var dictionary: [String] = []
        var codeOfDay: [Int64: Int32] = [:]
        var lastDay = Int64.min
        var lastCode: Int32 = 0
        let codes = ms.map { t -> Int32 in
            let day = floorDiv(t, 86_400_000)
            if day == lastDay { return lastCode }
            lastDay = day
            if let code = codeOfDay[day] {
                lastCode = code
            } else {
                lastCode = Int32(dictionary.count)
                codeOfDay[day] = lastCode
                dictionary.append(String(ISO8601Text.format(milliseconds: day * 86_400_000).prefix(10)))
            }
            return lastCode
        }
        return .string(codes: codes, dictionary: dictionary)
    }
}

extension Double {
    static func pow10(_ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<n { x *= 10 }
        return x
    }
}
