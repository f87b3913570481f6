/// One row of the version table: what we negotiate in ApiVersions and accept in decoders.
public struct SupportedAPI: Hashable, Sendable {
    public var apiKey: ApiKey
    public var minVersion: Int16
    public var maxVersion: Int16
    /// First version using compact strings/arrays and tagged fields (KIP-482).
    public var firstFlexibleVersion: Int16

    public init(apiKey: ApiKey, minVersion: Int16, maxVersion: Int16, firstFlexibleVersion: Int16) {
        self.apiKey = apiKey
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.firstFlexibleVersion = firstFlexibleVersion
    }

    public var versions: ClosedRange<Int16> { minVersion...maxVersion }

    public func isFlexible(_ version: Int16) -> Bool { version >= firstFlexibleVersion }
}

/// The table of APIs and versions Rivulet serves; the rows are generated from the specs
/// (`SupportedAPIs+Table.swift`).
public enum SupportedAPIs {}

extension ApiKey {
    public var supported: SupportedAPI { SupportedAPIs.api(for: self) }

    /// Throws `.unsupportedVersion` unless we decode `version` of this API.
    public func checkSupported(_ version: Int16) throws {
        let api = supported
        guard api.versions.contains(version) else {
            throw KafkaProtocolError(
                .unsupportedVersion, "\(self) v\(version) is not supported (v\(api.minVersion)-v\(api.maxVersion))")
        }
    }

    /// Request header version for this API: v2 (with tagged fields) in flexible versions, v1
    /// otherwise. Flexibility only ever starts at some version, so this holds for versions
    /// above our maximum too, which lets the broker read the header of a request it will
    /// answer with UNSUPPORTED_VERSION.
    public func requestHeaderVersion(apiVersion: Int16) -> Int16 {
        supported.isFlexible(apiVersion) ? 2 : 1
    }

    /// Response header version: v1 in flexible versions, v0 otherwise. ApiVersions responses
    /// always use v0 so that a client that does not yet know our versions can read them
    /// (ApiVersionsResponse.json, KIP-511).
    public func responseHeaderVersion(apiVersion: Int16) -> Int16 {
        if self == .apiVersions { return 0 }
        return supported.isFlexible(apiVersion) ? 1 : 0
    }
}
