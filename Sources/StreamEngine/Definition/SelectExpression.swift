/// One `select:` expression: a column, or a function of one column. The functions are the
/// ones the seeds need: `date(ts)` (UTC `YYYY-MM-DD`), `upper(s)`, `lower(s)`, `round(x, n)`.
public enum SelectExpression: Hashable, Sendable, CustomStringConvertible {
    case column(String)
    case date(String)
    case upper(String)
    case lower(String)
    case round(String, digits: Int)

    public var description: String {
        switch self {
        case .column(let c): c
        case .date(let c): "date(\(c))"
        case .upper(let c): "upper(\(c))"
        case .lower(let c): "lower(\(c))"
        case .round(let c, let n): "round(\(c), \(n))"
        }
    }

    /// The column the expression reads.
    public var input: String {
        switch self {
        case .column(let c), .date(let c), .upper(let c), .lower(let c), .round(let c, _): c
        }
    }

    /// Parses `name` or `function(name[, digits])`; nil for anything else.
    public static func parse(_ text: String) -> SelectExpression? {
        let s = text.trimmingCharacters(in: " ")
        guard let open = s.firstIndex(of: "("), s.last == ")" else {
            return Identifier.isColumn(s) ? .column(s) : nil
        }
        let function = s[..<open].trimmingCharacters(in: " ").lowercased()
        let args = s[s.index(after: open)..<s.index(before: s.endIndex)].split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingCharacters(in: " ") }
        guard let column = args.first, Identifier.isColumn(column) else { return nil }
        switch (function, args.count) {
        case ("date", 1): return .date(column)
        case ("upper", 1): return .upper(column)
        case ("lower", 1): return .lower(column)
        case ("round", 1): return .round(column, digits: 0)
        case ("round", 2):
            guard let n = Int(args[1]), (0...15).contains(n) else { return nil }
            return .round(column, digits: n)
        default: return nil
        }
    }
}

/// A named output column of `select:`.
public struct SelectItem: Hashable, Sendable {
    public var name: String
    public var expression: SelectExpression

    public init(_ name: String, _ expression: SelectExpression) {
        self.name = name
        self.expression = expression
    }
}

enum Identifier {
    static func isColumn(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
