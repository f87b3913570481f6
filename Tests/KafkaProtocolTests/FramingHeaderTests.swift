import KafkaProtocol
import NIOCore
import Testing

@Suite struct FramingHeaderTests {
    @Test func headerVersionsFollowFlexibleVersions() {
        #expect(ApiKey.metadata.requestHeaderVersion(apiVersion: 8) == 1)
        #expect(ApiKey.metadata.requestHeaderVersion(apiVersion: 9) == 2)
        #expect(ApiKey.produce.responseHeaderVersion(apiVersion: 9) == 1)
        #expect(ApiKey.produce.responseHeaderVersion(apiVersion: 8) == 0)
        // ApiVersions responses always use header v0 so any client can read them.
        #expect(ApiKey.apiVersions.requestHeaderVersion(apiVersion: 3) == 2)
        #expect(ApiKey.apiVersions.responseHeaderVersion(apiVersion: 3) == 0)
        #expect(ApiKey.describeCluster.requestHeaderVersion(apiVersion: 0) == 2)
        // Unknown APIs still yield a readable header.
        #expect(RequestHeader.version(apiKey: 999, apiVersion: 0) == 1)
    }

    @Test func headerForVersionAboveOurMaximumIsReadable() throws {
        // A client may open with ApiVersions v4; the broker must read the header to answer v0.
        var buffer = ByteBuffer(bytes: hex("00 12 00 04 00 00 00 01 00 01 63 00"))
        let header = try RequestHeader.decode(from: &buffer)
        #expect(header.knownApiKey == .apiVersions)
        #expect(header.apiVersion == 4)
        #expect(header.clientID == "c")
        #expect(throws: KafkaProtocolError.self) { try ApiVersionsRequest.decode(from: &buffer, version: 4) }
    }

    @Test func headerRoundTripsInEveryVersion() throws {
        for headerVersion: Int16 in 0...2 {
            for clientID in [nil, "", "client-1"] as [String?] {
                let header = RequestHeader(apiKey: 3, apiVersion: 1, correlationID: -5, clientID: clientID)
                var buffer = ByteBuffer()
                header.encode(into: &buffer, headerVersion: headerVersion)
                let decoded = try RequestHeader.decode(from: &buffer, headerVersion: headerVersion)
                #expect(decoded.correlationID == -5)
                #expect(decoded.clientID == (headerVersion == 0 ? nil : clientID))
                #expect(buffer.readableBytes == 0)
            }
        }
    }

    @Test func supportedAPIsTable() {
        #expect(SupportedAPIs.all.count == ApiKey.allCases.count)
        let produce = SupportedAPIs.api(for: .produce)
        #expect(produce.versions == 3...9)
        #expect(produce.firstFlexibleVersion == 9)
        #expect(SupportedAPIs.api(for: .fetch).versions == 4...12)
        #expect(throws: KafkaProtocolError.self) { try ApiKey.fetch.checkSupported(13) }
    }

    @Test func errorCodes() {
        #expect(KafkaErrorCode.notLeaderOrFollower.rawValue == 6)
        #expect(KafkaErrorCode.notLeaderOrFollower.isRetriable)
        #expect(!KafkaErrorCode.topicAlreadyExists.isRetriable)
        #expect(KafkaErrorCode.unknownServerError.description == "UNKNOWN_SERVER_ERROR (-1)")
        #expect(KafkaErrorCode(rawValue: 31_000).name == "UNKNOWN(31000)")
    }
}
