/// A position in the configuration tree, spelled as the user writes it: `pipelines[0].window.size`.
struct ConfigKeyPath: Hashable, Sendable, CustomStringConvertible {
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    private(set) var components: [Component] = []

    static let root = ConfigKeyPath()

    init(_ components: [Component] = []) { self.components = components }

    /// Builds a path from dotted text; test and validation code use this to name keys briefly.
    init(_ text: String) {
        for part in text.split(separator: ".") {
            var name = Substring(part)
            var indexes: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                indexes.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) ?? 0, at: 0)
                name = name[..<open]
            }
            components.append(.key(String(name)))
            components += indexes.map(Component.index)
        }
    }

    func key(_ name: String) -> ConfigKeyPath { ConfigKeyPath(components + [.key(name)]) }
    func index(_ i: Int) -> ConfigKeyPath { ConfigKeyPath(components + [.index(i)]) }

    var parent: ConfigKeyPath? {
        components.isEmpty ? nil : ConfigKeyPath(Array(components.dropLast()))
    }

    /// True if `other` is this path or lies inside it.
    func contains(_ other: ConfigKeyPath) -> Bool {
        other.components.count >= components.count && Array(other.components.prefix(components.count)) == components
    }

    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }
}

/// Where each value of the effective configuration came from, so that a problem found after
/// merging file, environment and flags can still point at the line or variable to change.
struct ConfigSourceMap: Sendable {
    private var locations: [ConfigKeyPath: ConfigError.Location] = [:]

    mutating func record(_ path: ConfigKeyPath, _ location: ConfigError.Location) {
        locations[path] = location
    }

    /// The location of the path or, for a value left at its default, of its closest written parent.
    func location(of path: ConfigKeyPath) -> ConfigError.Location {
        var current: ConfigKeyPath? = path
        while let p = current {
            if let location = locations[p] { return location }
            current = p.parent
        }
        return .unspecified
    }
}
