import KafkaProtocol
import NIOCore

/// The version of each API to use with one broker: the highest version both the broker
/// (from its ApiVersions answer) and this client (`SupportedAPIs`) support. Pure.
public struct ApiVersionNegotiation: Hashable, Sendable {
    public private(set) var versions: [ApiKey: Int16] = [:]

    public init(broker ranges: [ApiVersionsResponse.ApiVersion], ours: [SupportedAPI] = SupportedAPIs.all) {
        var brokerRanges: [Int16: ClosedRange<Int16>] = [:]
        for range in ranges where range.minVersion <= range.maxVersion {
            brokerRanges[range.apiKey] = range.minVersion...range.maxVersion
        }
        for api in ours {
            guard let theirs = brokerRanges[api.apiKey.rawValue] else { continue }
            let highest = min(theirs.upperBound, api.maxVersion)
            if highest >= max(theirs.lowerBound, api.minVersion) { versions[api.apiKey] = highest }
        }
    }

    /// The version to use, or `.unsupportedVersion` when the ranges do not overlap.
    public func version(for apiKey: ApiKey) throws(KafkaClientError) -> Int16 {
        guard let version = versions[apiKey] else {
            throw KafkaClientError(
                .unsupportedVersion,
                "the broker supports no version of \(apiKey) that this client speaks "
                    + "(v\(apiKey.supported.minVersion)-v\(apiKey.supported.maxVersion))")
        }
        return version
    }

    /// Reads an ApiVersions answer to a request sent at `requestedVersion`. A broker that
    /// does not support that version answers UNSUPPORTED_VERSION in the v0 body layout with
    /// its own ApiVersions range (KIP-511); then `retryVersion` says which version to ask again with.
    public static func interpret(
        body: ByteBuffer, requestedVersion: Int16
    ) -> (response: ApiVersionsResponse?, retryVersion: Int16?) {
        var copy = body
        if let response = try? ApiVersionsResponse.decode(from: &copy, version: requestedVersion),
            response.errorCode == KafkaErrorCode.none.rawValue
        {
            return (response, nil)
        }
        copy = body
        guard let v0 = try? ApiVersionsResponse.decode(from: &copy, version: 0) else { return (nil, nil) }
        if v0.errorCode == KafkaErrorCode.none.rawValue { return (v0, nil) }
        guard v0.errorCode == KafkaErrorCode.unsupportedVersion.rawValue else { return (v0, nil) }
        let theirs = v0.apiKeys.first { $0.apiKey == ApiKey.apiVersions.rawValue }
        let retry = min(theirs?.maxVersion ?? 0, ApiKey.apiVersions.supported.maxVersion)
        return (nil, retry < requestedVersion ? max(retry, 0) : nil)
    }
}
