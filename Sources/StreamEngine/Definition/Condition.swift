/// A comparison of one field with a literal, as written in `count_if(status == 'warn')`.
/// Nulls never satisfy a condition (SQL semantics).
public struct Condition: Hashable, Sendable, CustomStringConvertible {
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
    }

    public enum Literal: Hashable, Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
    }

    public var field: String
    public var op: Operator
    public var literal: Literal

    public init(field: String, _ op: Operator, _ literal: Literal) {
        self.field = field
        self.op = op
        self.literal = literal
    }

    public var description: String {
        let value: String =
            switch literal {
            case .string(let s): "'\(s)'"
            case .number(let d): String(d)
            case .bool(let b): String(b)
            }
        return "\(field) \(op.rawValue) \(value)"
    }

    /// Parses `field OP literal`, where the literal is quoted text ('…' or "…"), a number,
    /// `true` or `false`; `=` is accepted for `==`. Nil when the text is not of that form.
    public static func parse(_ text: String) -> Condition? {
        let s = text.trimmingCharacters(in: " ")
        for op in Operator.allCases {
            guard let range = s.firstRange(of: op.rawValue) else { continue }
            return make(String(s[..<range.lowerBound]), op, String(s[range.upperBound...]))
        }
        if let range = s.firstRange(of: "=") {
            return make(String(s[..<range.lowerBound]), .equal, String(s[range.upperBound...]))
        }
        return nil
    }

    private static func make(_ lhs: String, _ op: Operator, _ rhs: String) -> Condition? {
        let field = lhs.trimmingCharacters(in: " ")
        let value = rhs.trimmingCharacters(in: " ")
        guard !field.isEmpty, !value.isEmpty, !field.contains(" ") else { return nil }
        if value.count >= 2, let q = value.first, q == "'" || q == "\"", value.last == q {
            return Condition(field: field, op, .string(String(value.dropFirst().dropLast())))
        }
        if value == "true" || value == "false" { return Condition(field: field, op, .bool(value == "true")) }
        if let d = Double(value) { return Condition(field: field, op, .number(d)) }
        return nil
    }

    func holds(_ ordering: Int) -> Bool {
        switch op {
        case .equal: ordering == 0
        case .notEqual: ordering != 0
        case .less: ordering < 0
        case .lessOrEqual: ordering <= 0
        case .greater: ordering > 0
        case .greaterOrEqual: ordering >= 0
        }
    }
}
