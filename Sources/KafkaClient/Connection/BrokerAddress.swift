/// A broker's host and port, as given in a bootstrap list or advertised in metadata.
public struct BrokerAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (IPv6 hosts in brackets: `[::1]:9092`).
    public init(parsing text: String) throws(KafkaClientError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.lastIndex(of: ":"), let port = Int(trimmed[trimmed.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw KafkaClientError(.invalidArgument, "broker address '\(text)' is not host:port (for example 127.0.0.1:9092)")
        }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw KafkaClientError(.invalidArgument, "broker address '\(text)' has no host")
        }
        self.init(host: host, port: port)
    }

    /// Parses a comma-separated bootstrap list such as `127.0.0.1:9092,127.0.0.1:9093`.
    public static func parseList(_ text: String) throws(KafkaClientError) -> [BrokerAddress] {
        var addresses: [BrokerAddress] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            addresses.append(try BrokerAddress(parsing: String(part)))
        }
        guard !addresses.isEmpty else {
            throw KafkaClientError(.invalidArgument, "bootstrap list '\(text)' names no broker")
        }
        return addresses
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in _: WhitespaceSet) -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}

private enum WhitespaceSet { case whitespaces }
