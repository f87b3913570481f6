/// An address to listen on or connect to, written `127.0.0.1:9092`, `localhost:9092` or `[::1]:9092`.
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    /// 0 asks the system for a free port, which tests use to run side by side.
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`; nil if the text is not one.
    public init?(parsing text: String) {
        guard case .success(let value) = Self.parse(text) else { return nil }
        self = value
    }

    /// IPv6 hosts get brackets so that the port stays unambiguous.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static let portHint = "use a whole number from 0 to 65535"

    static func parse(_ raw: String) -> Result<HostPort, ValueProblem> {
        let text = raw.trimmingSpaces
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return .failure(ValueProblem("\"\(raw)\" is not host:port; write IPv6 addresses as [::1]:9092"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return .failure(ValueProblem("\"\(raw)\" is not host:port; use for example 127.0.0.1:9092"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                return .failure(
                    ValueProblem("\"\(raw)\" is ambiguous; write IPv6 addresses in brackets, as [::1]:9092"))
            }
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" || $0 == "," }) else {
            return .failure(
                ValueProblem("\"\(raw)\" has no valid host; use for example 127.0.0.1:9092 or 0.0.0.0:9092"))
        }
        guard let port = parsePort(String(portText)) else {
            return .failure(ValueProblem("\"\(raw)\" has no valid port; \(portHint)"))
        }
        return .success(HostPort(host: String(host), port: port))
    }

    static func parsePort(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let port = Int(text), port <= 65535 else { return nil }
        return port
    }

    /// A comma-separated list such as Kafka's `bootstrap.servers`: `k1:9092,k2:9092`.
    static func parseList(_ text: String) -> Result<[HostPort], ValueProblem> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard !parts.allSatisfy(\.isEmpty) else {
            return .failure(ValueProblem("is empty; list brokers as host:port,host:port"))
        }
        var result: [HostPort] = []
        for part in parts {
            switch parse(part) {
            case .success(let address): result.append(address)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(result)
    }
}

/// Why a piece of text is not a valid value; the decoder adds where it was written.
struct ValueProblem: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
