/// Kafka's rules for topic names: 1–249 characters of `[a-zA-Z0-9._-]`, not `.` or `..`.
/// Names starting with `__` are internal (`__consumer_offsets`).
public enum TopicName {
    public static let maxLength = 249

    /// Why `name` is not a legal topic name, or nil if it is.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "a topic name cannot be empty" }
        if name.utf8.count > maxLength { return "topic name is longer than \(maxLength) characters" }
        if name == "." || name == ".." { return "`.` and `..` are not topic names" }
        if name.hasPrefix("__") { return "names starting with `__` are reserved for internal topics" }
        let legal = name.utf8.allSatisfy { c in
            (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 46 || c == 95 || c == 45
        }
        return legal ? nil : "topic name `\(name)` may contain only letters, digits, `.`, `_` and `-`"
    }
}
