import Foundation

/// Small JSON helpers for CLI output, where one line per record must stay one line.
enum JSONText {
    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func quoted(_ text: String?) -> String { text.map { quoted($0) } ?? "null" }

    /// The bytes as an embedded JSON value when they are valid JSON, else as a string. The
    /// original text is kept (numbers are not reformatted); raw line breaks, which valid JSON
    /// can only have between tokens, become spaces so the record stays on one line.
    static func value(_ bytes: [UInt8]?) -> String {
        guard let bytes else { return "null" }
        if isJSON(bytes) {
            return String(decoding: bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
        }
        return quoted(String(decoding: bytes, as: UTF8.self))
    }

    static func isJSON(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            return false
        }
        // Only objects, arrays, strings, numbers and literals can start a JSON text.
        guard "{[\"-0123456789tfn".utf8.contains(first) else { return false }
        return (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
    }
}
