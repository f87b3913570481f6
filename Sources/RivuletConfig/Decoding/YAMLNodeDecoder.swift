import RivuletCore
import Yams

/// Reads Yams nodes by hand rather than through Codable, so that every problem knows its line
/// and all problems in a file are collected instead of stopping at the first.
///
/// Parsers have the shape `(Node, ConfigKeyPath) -> T?`: they return nil after recording an
/// error, and the caller keeps the default, so decoding always finishes.
final class YAMLNodeDecoder {
    let fileName: String
    private(set) var errors: [ConfigError] = []
    private(set) var sourceMap = ConfigSourceMap()

    init(fileName: String) { self.fileName = fileName }

    /// The entries of a mapping node, with their path.
    struct Fields {
        let node: Node
        let path: ConfigKeyPath
        let entries: [(key: String, keyNode: Node, value: Node)]

        subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }
    }

    func location(_ node: Node?) -> ConfigError.Location {
        .file(fileName, line: node?.mark?.line ?? 1)
    }

    func fail(_ code: ConfigError.Code, _ node: Node?, _ path: ConfigKeyPath, _ message: String) {
        errors.append(ConfigError(code, at: location(node), keyPath: path.description, message))
    }

    func note(_ node: Node, _ path: ConfigKeyPath) {
        sourceMap.record(path, location(node))
    }

    // MARK: Structure

    /// A mapping's entries; an empty value (`broker:`) counts as an empty mapping.
    /// With `allowed`, other keys are reported as unknown.
    func fields(_ node: Node, _ path: ConfigKeyPath, allowed: [String]?, context: String = "") -> Fields? {
        if node.isNull { return Fields(node: node, path: path, entries: []) }
        guard case .mapping(let mapping) = node else {
            let keys = allowed.map { " with keys \($0.joined(separator: ", "))" } ?? ""
            fail(.wrongType, node, path, "expected a mapping\(keys); found \(node.summary)")
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode, !keyNode.isNull else {
                fail(.wrongType, keyNode, path, "keys must be plain words; found \(keyNode.summary)")
                continue
            }
            entries.append((key.string, keyNode, value))
        }
        let result = Fields(node: node, path: path, entries: entries)
        if let allowed { checkKeys(result, allowed: allowed, context: context) }
        return result
    }

    func checkKeys(_ fields: Fields, allowed: [String], context: String = "") {
        for entry in fields.entries where !allowed.contains(entry.key) {
            let guess = Suggestion.closest(to: entry.key, in: allowed).map { "did you mean \($0)? " } ?? ""
            fail(
                .unknownKey, entry.keyNode, fields.path.key(entry.key),
                "unknown key\(context); \(guess)allowed keys: \(allowed.joined(separator: ", "))"
            )
        }
    }

    /// The items of a list with their paths; an empty value counts as an empty list.
    func items(_ node: Node, _ path: ConfigKeyPath, what: String) -> [(node: Node, path: ConfigKeyPath)]? {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            fail(.wrongType, node, path, "expected a list of \(what) (lines starting with -); found \(node.summary)")
            return nil
        }
        return sequence.enumerated().map { (node: $1, path: path.index($0)) }
    }

    // MARK: Assigning

    /// Overwrites `target` when the key is present and valid.
    func set<T>(_ target: inout T, _ fields: Fields, _ key: String, _ parse: (Node, ConfigKeyPath) -> T?) {
        guard let node = fields[key] else { return }
        let path = fields.path.key(key)
        note(node, path)
        if let value = parse(node, path) { target = value }
    }

    /// Like `set`, and an explicit `null` clears the value.
    func setOptional<T>(_ target: inout T?, _ fields: Fields, _ key: String, _ parse: (Node, ConfigKeyPath) -> T?) {
        guard let node = fields[key] else { return }
        let path = fields.path.key(key)
        note(node, path)
        if node.isNull {
            target = nil
        } else if let value = parse(node, path) {
            target = value
        }
    }

    /// A key without a default; reports it missing at the enclosing mapping's line.
    func required<T>(_ fields: Fields, _ key: String, hint: String, _ parse: (Node, ConfigKeyPath) -> T?) -> T? {
        guard let node = fields[key] else {
            fail(.missingKey, fields.node, fields.path.key(key), "missing key; \(hint)")
            return nil
        }
        let path = fields.path.key(key)
        note(node, path)
        return parse(node, path)
    }
}

extension Node {
    var isNull: Bool {
        if case .scalar = self { return tag.rawValue == Tag.Name.null.rawValue }
        return false
    }

    /// How a value looks to the user, for "found …" in messages.
    var summary: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull ? "nothing" : "\"\(scalar.string)\""
        }
    }
}
