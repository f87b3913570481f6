import KafkaProtocol

/// ApiVersions: the APIs and version ranges we serve. Group APIs are listed only when a
/// group coordinator is attached, so clients without one never try to join.
struct ApiVersionsHandler {
    static let groupAPIs: Set<ApiKey> = [
        .joinGroup, .syncGroup, .heartbeat, .leaveGroup, .listGroups, .describeGroups, .deleteGroups,
        .offsetCommit, .offsetFetch,
    ]

    let servesGroups: Bool

    /// The APIs this broker answers; anything else closes the connection.
    var served: [SupportedAPI] {
        SupportedAPIs.all.filter { servesGroups || !Self.groupAPIs.contains($0.apiKey) }
    }

    func serves(_ apiKey: ApiKey) -> Bool {
        servesGroups || !Self.groupAPIs.contains(apiKey)
    }

    func handle(_ request: ApiVersionsRequest, version: Int16) -> ApiVersionsResponse {
        ApiVersionsResponse(errorCode: KafkaErrorCode.none.rawValue, apiKeys: versionList)
    }

    /// The answer to an ApiVersions request of a version we do not have. Kafka answers it in
    /// v0 with UNSUPPORTED_VERSION and its version list, and the client retries with the
    /// highest version both sides share (KIP-511).
    func unsupportedVersionResponse() -> ApiVersionsResponse {
        ApiVersionsResponse(errorCode: KafkaErrorCode.unsupportedVersion.rawValue, apiKeys: versionList)
    }

    private var versionList: [ApiVersionsResponse.ApiVersion] {
        served.map { .init(apiKey: $0.apiKey.rawValue, minVersion: $0.minVersion, maxVersion: $0.maxVersion) }
    }
}
