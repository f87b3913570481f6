/// A `where:` filter: comparisons joined by `and` / `or` (also `&&` / `||`), `and` binding
/// tighter, without parentheses: `temperature >= -40 and temperature <= 85 or status == 'ok'`.
/// Stored as a disjunction of conjunctions. Nulls never satisfy a comparison.
public struct Predicate: Hashable, Sendable, CustomStringConvertible {
    /// Rows match when every condition of at least one inner list holds.
    public var anyOf: [[Condition]]

    public init(anyOf: [[Condition]]) { self.anyOf = anyOf }

    public var description: String {
        anyOf.map { $0.map(\.description).joined(separator: " and ") }.joined(separator: " or ")
    }

    /// The predicate of `text`, or nil when a part is not `field OP literal`.
    public static func parse(_ text: String) -> Predicate? {
        var anyOf: [[Condition]] = []
        for disjunct in split(text, on: ["or", "||"]) {
            var all: [Condition] = []
            for part in split(disjunct, on: ["and", "&&"]) {
                guard let condition = Condition.parse(part) else { return nil }
                all.append(condition)
            }
            guard !all.isEmpty else { return nil }
            anyOf.append(all)
        }
        return anyOf.isEmpty ? nil : Predicate(anyOf: anyOf)
    }

    /// Splits at the words (surrounded by spaces) or symbols in `separators`, outside quotes.
    static func split(_ text: String, on separators: [String]) -> [String] {
        let chars = Array(text)
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var i = 0
        outer: while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else {
                for sep in separators {
                    let s = Array(sep)
                    let isWord = s.allSatisfy(\.isLetter)
                    guard i + s.count <= chars.count,
                        String(chars[i..<i + s.count]).lowercased() == sep
                    else { continue }
                    if isWord {
                        let before = i == 0 || chars[i - 1] == " "
                        let after = i + s.count == chars.count || chars[i + s.count] == " "
                        guard before, after else { continue }
                    }
                    parts.append(current)
                    current = ""
                    i += s.count
                    continue outer
                }
            }
            current.append(c)
            i += 1
        }
        parts.append(current)
        return parts
    }
}

/// A predicate bound to a schema: evaluated column by column into a selection of rows.
struct BoundPredicate: Sendable {
    let anyOf: [[BoundCondition]]

    init(_ predicate: Predicate, schema: Schema, pipeline: String) throws(StreamEngineError) {
        var out: [[BoundCondition]] = []
        for all in predicate.anyOf {
            var bound: [BoundCondition] = []
            for c in all { bound.append(try BoundCondition(c, schema: schema, pipeline: pipeline, context: "where")) }
            out.append(bound)
        }
        anyOf = out
    }

    var fields: Set<Int> { Set(anyOf.flatMap { $0.map(\.field) }) }

    /// The rows of `batch` that match, ascending.
    func select(_ batch: ColumnBatch) -> [Int32] {
        var any = [Bool](repeating: false, count: batch.count)
        for all in anyOf {
            var mask = [Bool](repeating: true, count: batch.count)
            for condition in all {
                let m = condition.matches(batch)
                for r in 0..<batch.count where !m[r] { mask[r] = false }
            }
            for r in 0..<batch.count where mask[r] { any[r] = true }
        }
        var rows: [Int32] = []
        rows.reserveCapacity(batch.count)
        for r in 0..<batch.count where any[r] { rows.append(Int32(truncatingIfNeeded: r)) }
        return rows
    }
}
