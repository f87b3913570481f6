/// Writes block-style YAML line by line, with optional explanatory comments.
///
/// Hand-written rather than Yams' emitter so that the output keeps the file's section order,
/// uses the short forms people type (`10s`, `[device_id]`) and can carry comments.
struct YAMLWriter {
    let withComments: Bool
    private(set) var lines: [String] = []
    /// Comments already written; in lists only the first occurrence of a key is explained.
    private var explained: Set<String> = []
    /// The next key starts a list item (`- key: value`).
    private var startsItem = false

    static let commentColumn = 44

    init(withComments: Bool) { self.withComments = withComments }

    var text: String { lines.joined(separator: "\n") + "\n" }

    mutating func blank() {
        if lines.last?.isEmpty == false { lines.append("") }
    }

    /// A comment on its own line(s), written once.
    mutating func comment(_ text: String, indent: Int) {
        guard withComments, explained.insert(text).inserted else { return }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(String(repeating: " ", count: indent) + "# " + line)
        }
    }

    mutating func beginItem() { startsItem = true }

    /// `key: value  # comment`.
    mutating func field(_ key: String, _ value: String, indent: Int, comment: String? = nil) {
        emit("\(Self.scalar(key)): \(value)", indent: indent, comment: comment)
    }

    /// `key:` followed by an indented block.
    mutating func section(_ key: String, indent: Int, comment: String? = nil) {
        emit("\(Self.scalar(key)):", indent: indent, comment: comment)
    }

    /// An option left unset, shown commented out with an example in the template only.
    mutating func example(_ key: String, _ value: String, indent: Int, comment: String) {
        guard withComments, explained.insert("example " + key + comment).inserted else { return }
        lines.append(Self.withComment(String(repeating: " ", count: indent) + "# \(key): \(value)", comment))
    }

    private mutating func emit(_ content: String, indent: Int, comment: String?) {
        var prefix = String(repeating: " ", count: indent)
        if startsItem {
            prefix = String(repeating: " ", count: max(0, indent - 2)) + "- "
            startsItem = false
        }
        var line = prefix + content
        if withComments, let comment, explained.insert(comment).inserted {
            line = Self.withComment(line, comment)
        }
        lines.append(line)
    }

    private static func withComment(_ line: String, _ comment: String) -> String {
        let padding = max(1, commentColumn - line.count)
        return line + String(repeating: " ", count: padding) + "# " + comment
    }

    // MARK: Scalars

    private static let reservedWords: Set<String> = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"]
    private static let plainFirst = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./")
    private static let plainRest = plainFirst.union("-:()=<>!+*")

    /// The text as a plain scalar when YAML reads it back unchanged as text, else double-quoted.
    static func scalar(_ text: String) -> String {
        let plain =
            !text.isEmpty && !reservedWords.contains(text.lowercased())
            && Double(text) == nil && text.first.map(plainFirst.contains) == true
            && text.allSatisfy(plainRest.contains) && !text.hasSuffix(":")
        return plain ? text : quoted(text)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `[a, b]`, the flow form used for short lists of names.
    static func list(_ items: [String]) -> String {
        "[" + items.map(scalar).joined(separator: ", ") + "]"
    }
}
