/// One output column of a window: `avg_temperature: avg(temperature)`.
public struct AggregateSpec: Hashable, Sendable, CustomStringConvertible {
    public enum Function: String, ConfigChoice {
        case count, sum, avg, min, max, first, last, stddev
        /// Counts rows for which a condition holds: `count_if(status == 'error')`.
        case countIf = "count_if"
        case p50, p95, p99

        /// What goes between the parentheses.
        enum Argument { case optionalField, field, condition }

        var argument: Argument {
            switch self {
            case .count: .optionalField
            case .countIf: .condition
            default: .field
            }
        }
    }

    /// The output column.
    public var name: String
    public var function: Function
    /// The input field, or the condition of `count_if`; nil for `count()`, which counts rows.
    public var argument: String?

    public init(name: String, function: Function, argument: String? = nil) {
        self.name = name
        self.function = function
        self.argument = argument
    }

    /// Parses `fn(arg)` as written in `aggregates`.
    public init?(name: String, parsing expression: String) {
        guard case .success(let spec) = Self.parse(name: name, expression) else { return nil }
        self = spec
    }

    /// The expression as written in the file: `avg(temperature)`, `count()`.
    public var description: String { "\(function.rawValue)(\(argument ?? ""))" }

    static let hint = "write fn(field) with fn one of \(Function.allowedText), e.g. avg(temperature) or count()"

    static func parse(name: String, _ raw: String) -> Result<AggregateSpec, ValueProblem> {
        let text = raw.trimmingSpaces
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            return .failure(ValueProblem("\"\(raw)\" is not an aggregate; \(hint)"))
        }
        let word = String(text[..<open]).trimmingSpaces
        guard let function = Function(rawValue: word) else {
            let guess = Suggestion.closest(to: word, in: Function.allCases.map(\.rawValue)).map {
                "did you mean \($0)? "
            }
            return .failure(
                ValueProblem(
                    "\"\(word)\" is not an aggregate function; \(guess ?? "")use one of \(Function.allowedText)")
            )
        }
        let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingSpaces
        switch function.argument {
        case .optionalField:
            if inner.isEmpty || inner == "*" { return .success(AggregateSpec(name: name, function: function)) }
        case .condition:
            guard !inner.isEmpty else {
                return .failure(ValueProblem("count_if needs a condition, e.g. count_if(status == 'error')"))
            }
            return .success(AggregateSpec(name: name, function: function, argument: inner))
        case .field:
            break
        }
        guard Identifier.isFieldPath(inner) else {
            return .failure(ValueProblem("\(word) needs one field name, e.g. \(word)(temperature); got \"\(inner)\""))
        }
        return .success(AggregateSpec(name: name, function: function, argument: inner))
    }
}

/// Rules for the names users give to fields, tables and pipelines.
enum Identifier {
    /// `temperature`, `location.lat`: letters, digits and `_`, not starting with a digit; dots for nesting.
    static func isFieldPath(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isName)
    }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// Kafka's rule: 1–249 of letters, digits, `.`, `_`, `-`, and not `.` or `..`.
    static func isTopicName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 249 && text != "." && text != ".."
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    /// Pipelines and tables name directories, so: letters, digits, `_` and `-`, up to 128.
    static func isSimpleName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 128
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// A path that stays inside its base directory: relative, no `..` parts.
    static func isContainedPath(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("/") && !text.split(separator: "/").contains("..")
    }
}
