/// Breaks a generated JSON object in one of the `MalformedKind` ways.
///
/// Works on the bytes our `JSONWriter` produced: one flat object of `"key":value` fields. A
/// small scanner finds the top-level fields (respecting string escapes) so a field can be
/// removed or its value replaced while the rest stays valid, which is what a consumer's
/// schema validation (not just its JSON parser) has to catch.
enum EventMalformer {
    struct FieldSpan {
        /// From the opening quote of the key to the end of the value.
        var range: Range<Int>
        var valueRange: Range<Int>
        var valueIsString: Bool
    }

    static func malform(_ json: [UInt8], as kind: MalformedKind, oversizedBytes: Int, random: inout SimulationRandom) -> [UInt8] {
        let fields = fieldSpans(json)
        guard !fields.isEmpty else { return Array(json.prefix(max(0, json.count - 1))) }
        switch kind {
        case .brokenJSON:
            // Cut anywhere before the closing brace: never a complete object.
            let cut = 1 + random.int(below: max(1, json.count - 2))
            return Array(json[..<cut])
        case .wrongType:
            let field = fields[random.int(below: fields.count)]
            let replacement: [UInt8] =
                field.valueIsString ? Array("12345".utf8) : Array("\"not-a-number\"".utf8)
            return replacing(json, field.valueRange, with: replacement)
        case .missingField:
            let index = random.int(below: fields.count)
            let field = fields[index]
            // Drop the field and one neighbouring comma so the rest stays valid JSON.
            let range =
                index + 1 < fields.count
                ? field.range.lowerBound..<fields[index + 1].range.lowerBound
                : (index > 0 ? fields[index - 1].range.upperBound..<field.range.upperBound : field.range)
            return replacing(json, range, with: [])
        case .oversizedValue:
            let strings = fields.filter(\.valueIsString)
            let field = strings.isEmpty ? fields[random.int(below: fields.count)] : strings[random.int(below: strings.count)]
            var big: [UInt8] = [UInt8(ascii: "\"")]
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
            for _ in 0..<oversizedBytes { big.append(alphabet[random.int(below: alphabet.count)]) }
            big.append(UInt8(ascii: "\""))
            return replacing(json, field.valueRange, with: big)
        }
    }

    static func replacing(_ bytes: [UInt8], _ range: Range<Int>, with replacement: [UInt8]) -> [UInt8] {
        var out = bytes
        out.replaceSubrange(range, with: replacement)
        return out
    }

    /// The top-level fields of a flat JSON object, in order; empty if it is not one.
    static func fieldSpans(_ json: [UInt8]) -> [FieldSpan] {
        var spans: [FieldSpan] = []
        var i = 0
        func skipString(_ start: Int) -> Int? {
            var j = start + 1
            while j < json.count {
                if json[j] == UInt8(ascii: "\\") { j += 2; continue }
                if json[j] == UInt8(ascii: "\"") { return j + 1 }
                j += 1
            }
            return nil
        }
        guard json.first == UInt8(ascii: "{") else { return [] }
        i = 1
        while i < json.count, json[i] == UInt8(ascii: "\"") {
            let keyStart = i
            guard let keyEnd = skipString(i), keyEnd < json.count, json[keyEnd] == UInt8(ascii: ":") else { return spans }
            let valueStart = keyEnd + 1
            var valueEnd: Int
            let isString = valueStart < json.count && json[valueStart] == UInt8(ascii: "\"")
            if isString {
                guard let end = skipString(valueStart) else { return spans }
                valueEnd = end
            } else {
                valueEnd = valueStart
                while valueEnd < json.count, json[valueEnd] != UInt8(ascii: ","), json[valueEnd] != UInt8(ascii: "}") {
                    valueEnd += 1
                }
            }
            spans.append(FieldSpan(range: keyStart..<valueEnd, valueRange: valueStart..<valueEnd, valueIsString: isString))
            guard valueEnd < json.count, json[valueEnd] == UInt8(ascii: ",") else { return spans }
            i = valueEnd + 1
        }
        return spans
    }
}
