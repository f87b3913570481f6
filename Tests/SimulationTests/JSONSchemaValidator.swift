import Foundation

/// Checks a parsed event against the subset of JSON Schema (draft 2020-12) our stream schemas
/// use: `type` (object, string, integer, number, boolean), `required`, `properties`,
/// `additionalProperties: false`, `enum`, `minimum`, `maximum`, `minLength`, `maxLength`,
/// `pattern`. The schemas live in `tests/interop/schemas/` so Python interop tests can use
/// the same files with the `jsonschema` package.
struct JSONSchemaValidator {
    let schema: TestJSON
    let name: String

    /// Loads `tests/interop/schemas/<name>.schema.json` from the repository.
    static func load(_ name: String, filePath: String = #filePath) throws -> JSONSchemaValidator {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent("tests/interop/schemas/\(name).schema.json")
        let data = try Data(contentsOf: url)
        return JSONSchemaValidator(schema: try TestJSON.parse(Array(data)), name: name)
    }

    /// Every violation, as `field: problem`; empty when the value conforms.
    func violations(of value: TestJSON) -> [String] {
        var problems: [String] = []
        check(value, against: schema, path: "$", into: &problems)
        return problems
    }

    private func check(_ value: TestJSON, against schema: TestJSON, path: String, into problems: inout [String]) {
        if let type = schema["type"]?.stringValue, !matches(value, type: type) {
            problems.append("\(path): expected \(type), got \(value)")
            return
        }
        if case .array(let options) = schema["enum"] ?? .null, !options.contains(value) {
            problems.append("\(path): \(value) not in enum")
        }
        if let number = value.doubleValue {
            if let minimum = schema["minimum"]?.doubleValue, number < minimum { problems.append("\(path): \(number) < \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, number > maximum { problems.append("\(path): \(number) > \(maximum)") }
        }
        if let text = value.stringValue {
            if let minLength = schema["minLength"]?.doubleValue, Double(text.count) < minLength {
                problems.append("\(path): shorter than \(Int(minLength))")
            }
            if let maxLength = schema["maxLength"]?.doubleValue, Double(text.count) > maxLength {
                problems.append("\(path): longer than \(Int(maxLength))")
            }
            if let pattern = schema["pattern"]?.stringValue,
                text.range(of: pattern, options: .regularExpression) == nil
            {
                problems.append("\(path): \(text) does not match \(pattern)")
            }
        }
        guard let fields = value.fields else { return }
        if case .array(let required) = schema["required"] ?? .null {
            for case .string(let key) in required where !fields.contains(where: { $0.0 == key }) {
                problems.append("\(path).\(key): missing")
            }
        }
        let properties = schema["properties"]?.fields ?? []
        for (key, fieldValue) in fields {
            if let fieldSchema = properties.first(where: { $0.0 == key })?.1 {
                check(fieldValue, against: fieldSchema, path: "\(path).\(key)", into: &problems)
            } else if schema["additionalProperties"] == .bool(false) {
                problems.append("\(path).\(key): not allowed")
            }
        }
    }

    private func matches(_ value: TestJSON, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): true
        case ("integer", .number): value.isInteger
        default: false
        }
    }
}
