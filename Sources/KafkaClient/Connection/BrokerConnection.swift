import KafkaProtocol
import NIOCore

/// A connection to one broker whose API versions have been negotiated: callers send a
/// request and get its response, with the version picked per API.
final class BrokerConnection: Sendable {
    let framed: FramedConnection
    let versions: ApiVersionNegotiation
    let requestTimeout: Duration

    var address: BrokerAddress { framed.address }
    var isActive: Bool { framed.isActive }

    private init(framed: FramedConnection, versions: ApiVersionNegotiation, requestTimeout: Duration) {
        self.framed = framed
        self.versions = versions
        self.requestTimeout = requestTimeout
    }

    /// Connects and negotiates versions with ApiVersions, stepping down once if the broker
    /// does not know our highest ApiVersions version.
    static func connect(
        to address: BrokerAddress, configuration: KafkaClientConfiguration, clock: any Clock<Duration>
    ) async throws(KafkaClientError) -> BrokerConnection {
        let framed = try await FramedConnection.connect(to: address, configuration: configuration, clock: clock)
        do {
            var version = ApiKey.apiVersions.supported.maxVersion
            for _ in 0..<2 {
                let request = ApiVersionsRequest(clientSoftwareName: "rivulet-kafka-client", clientSoftwareVersion: "0.1.0")
                let body = try await framed.write(request, version: version).rawBody(timeout: configuration.requestTimeout)
                let (response, retry) = ApiVersionNegotiation.interpret(body: body, requestedVersion: version)
                if let retry {
                    version = retry
                    continue
                }
                guard let response else {
                    throw KafkaClientError(.protocolError, "ApiVersions answer from \(address) does not decode")
                }
                try KafkaErrorCode(response.errorCode).check("ApiVersions to \(address)")
                let negotiation = ApiVersionNegotiation(broker: response.apiKeys)
                return BrokerConnection(framed: framed, versions: negotiation, requestTimeout: configuration.requestTimeout)
            }
            throw KafkaClientError(.unsupportedVersion, "broker \(address) accepts no ApiVersions version we speak")
        } catch {
            framed.close()
            throw KafkaClientError.wrap(error, "ApiVersions with \(address)")
        }
    }

    func send<R: KafkaRequest>(_ request: R, timeout: Duration? = nil) async throws(KafkaClientError) -> R.Response {
        let version = try versions.version(for: R.apiKey)
        return try await framed.send(request, version: version, timeout: timeout ?? requestTimeout)
    }

    /// Writes now, awaits later: keeps wire order for pipelined requests (produce sequences).
    func write<R: KafkaRequest>(_ request: R) throws(KafkaClientError) -> InFlightRequest<R.Response> {
        try framed.write(request, version: try versions.version(for: R.apiKey))
    }

    func writeWithoutResponse<R: KafkaRequest>(_ request: R) throws(KafkaClientError) {
        try framed.writeWithoutResponse(request, version: try versions.version(for: R.apiKey))
    }

    func version(of apiKey: ApiKey) throws(KafkaClientError) -> Int16 { try versions.version(for: apiKey) }

    func close() { framed.close() }
}
