import RivuletCore
import Yams

/// Parsers for single values. Each reports its own error and returns nil on a bad value.
extension YAMLNodeDecoder {
    func text(_ node: Node, _ path: ConfigKeyPath, expected: String) -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            fail(.wrongType, node, path, "expected \(expected); found \(node.summary)")
            return nil
        }
        return scalar.string
    }

    func string(_ node: Node, _ path: ConfigKeyPath) -> String? {
        text(node, path, expected: "a text value")
    }

    func int(_ node: Node, _ path: ConfigKeyPath) -> Int? {
        guard let text = text(node, path, expected: "a whole number") else { return nil }
        guard let value = Int(text.trimmingSpaces) else {
            fail(.wrongType, node, path, "\"\(text)\" is not a whole number; use digits such as 3")
            return nil
        }
        return value
    }

    func uint64(_ node: Node, _ path: ConfigKeyPath) -> UInt64? {
        guard let text = text(node, path, expected: "a whole number") else { return nil }
        guard let value = UInt64(text.trimmingSpaces) else {
            fail(.wrongType, node, path, "\"\(text)\" is not a whole number from 0 to \(UInt64.max)")
            return nil
        }
        return value
    }

    func double(_ node: Node, _ path: ConfigKeyPath) -> Double? {
        guard let text = text(node, path, expected: "a number") else { return nil }
        guard let value = Double(text.trimmingSpaces), value.isFinite else {
            fail(.wrongType, node, path, "\"\(text)\" is not a number; use for example 4.0 or 0.25")
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ path: ConfigKeyPath) -> Bool? {
        guard let text = text(node, path, expected: "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(.wrongType, node, path, "\"\(text)\" is not true or false")
            return nil
        }
    }

    func duration(_ node: Node, _ path: ConfigKeyPath) -> Duration? {
        guard let text = text(node, path, expected: "a duration such as 10s") else { return nil }
        guard let value = DurationText.parse(text) else {
            fail(
                .invalidValue, node, path,
                "\"\(text)\" is not a duration; use a number and a unit such as 10s, 1m, 500ms")
            return nil
        }
        return value
    }

    func byteCount(_ node: Node, _ path: ConfigKeyPath) -> ByteCount? {
        guard let text = text(node, path, expected: "a size such as 256MiB") else { return nil }
        guard let value = ByteCount(parsing: text) else {
            fail(
                .invalidValue, node, path, "\"\(text)\" is not a size; use bytes or a unit such as 64KiB, 256MiB, 1GiB")
            return nil
        }
        return value
    }

    /// A parser for one of an enum's words; `what` names the set in messages ("an fsync policy").
    func choice<T: ConfigChoice>(_ type: T.Type, _ what: String) -> (Node, ConfigKeyPath) -> T? {
        { node, path in
            guard let text = self.text(node, path, expected: "one of \(T.allowedText)") else { return nil }
            if let value = T(rawValue: text) { return value }
            let guess = Suggestion.closest(to: text, in: T.allCases.map(\.rawValue)).map { "did you mean \($0)? " }
            self.fail(
                .invalidValue, node, path, "\"\(text)\" is not \(what); \(guess ?? "")use one of \(T.allowedText)")
            return nil
        }
    }

    func hostPort(_ node: Node, _ path: ConfigKeyPath) -> HostPort? {
        guard let text = text(node, path, expected: "host:port such as 127.0.0.1:9092") else { return nil }
        switch HostPort.parse(text) {
        case .success(let value): return value
        case .failure(let problem):
            fail(.invalidValue, node, path, problem.message)
            return nil
        }
    }

    /// `k1:9092,k2:9092` as Kafka writes it, or a YAML list of addresses.
    func hostPortList(_ node: Node, _ path: ConfigKeyPath) -> [HostPort]? {
        if case .sequence = node {
            guard let items = items(node, path, what: "host:port addresses") else { return nil }
            let parsed = items.map { hostPort($0.node, $0.path) }
            return parsed.contains { $0 == nil } ? nil : parsed.compactMap { $0 }
        }
        guard let text = text(node, path, expected: "host:port,host:port") else { return nil }
        switch HostPort.parseList(text) {
        case .success(let value): return value
        case .failure(let problem):
            fail(.invalidValue, node, path, problem.message)
            return nil
        }
    }

    /// A list of words such as `[device_id, site]`; a single word is a list of one.
    func stringList(_ node: Node, _ path: ConfigKeyPath) -> [String]? {
        if case .scalar = node, !node.isNull, let word = string(node, path) { return [word] }
        guard let items = items(node, path, what: "names") else { return nil }
        let words = items.map { string($0.node, $0.path) }
        return words.contains { $0 == nil } ? nil : words.compactMap { $0 }
    }
}
