import KafkaProtocol
import NIOCore
import Testing

/// Byte vectors written by hand from protocol.html and the JSON specs, so that a mistake the
/// encoder and decoder share cannot hide behind a passing round trip.
@Suite struct MessagesGoldenTests {
    @Test func apiVersionsRequestV0IsEmpty() throws {
        #expect(encoded(ApiVersionsRequest(), version: 0) == [])
        var empty = ByteBuffer()
        #expect(try ApiVersionsRequest.decode(from: &empty, version: 0) == ApiVersionsRequest())
    }

    @Test func apiVersionsRequestV3() throws {
        let request = ApiVersionsRequest(clientSoftwareName: "rdkafka", clientSoftwareVersion: "2.3.0")
        let expected = hex(
            """
            08 72 64 6b 61 66 6b 61
            06 32 2e 33 2e 30
            00
            """)  // compact strings (length + 1), then an empty tag buffer
        #expect(encoded(request, version: 3) == expected)
        var buffer = ByteBuffer(bytes: expected)
        #expect(try ApiVersionsRequest.decode(from: &buffer, version: 3) == request)
    }

    @Test func apiVersionsResponseV0() throws {
        let response = ApiVersionsResponse(
            errorCode: 0, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 3)])
        let expected = hex(
            """
            00 00
            00 00 00 01
            00 12 00 00 00 03
            """)  // error code, int32 array count, one entry; no throttle time before v1
        #expect(encoded(response, version: 0) == expected)
        var buffer = ByteBuffer(bytes: expected)
        #expect(try ApiVersionsResponse.decode(from: &buffer, version: 0) == response)
    }

    @Test func apiVersionsResponseV3WithTaggedField() throws {
        let response = ApiVersionsResponse(
            errorCode: 35, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 3)], throttleTimeMs: 5,
            finalizedFeaturesEpoch: 7)
        let expected = hex(
            """
            00 23
            02
            00 12 00 00 00 03 00
            00 00 00 05
            01 01 08 00 00 00 00 00 00 00 07
            """)  // compact array (count + 1), element tag buffer, throttle, one tagged field (tag 1, 8 bytes)
        #expect(encoded(response, version: 3) == expected)
        var buffer = ByteBuffer(bytes: expected)
        #expect(try ApiVersionsResponse.decode(from: &buffer, version: 3) == response)
    }

    @Test func apiVersionsResponseV3SkipsUnknownTags() throws {
        // Tag 0 (SupportedFeatures, 8 bytes) is read; tag 9 is unknown and skipped by its size.
        let bytes = hex(
            """
            00 00  01  00 00 00 00
            02  00 08 02 02 66 00 01 00 02 00  09 02 aa bb
            """)
        var buffer = ByteBuffer(bytes: bytes)
        let decoded = try ApiVersionsResponse.decode(from: &buffer, version: 3)
        #expect(buffer.readableBytes == 0)
        #expect(decoded.supportedFeatures == [.init(name: "f", minVersion: 1, maxVersion: 2)])
        #expect(decoded.apiKeys.isEmpty)
    }

    @Test func metadataRequestV1() throws {
        let request = MetadataRequest(topics: [.init(name: "foo")])
        let expected = hex("00 00 00 01  00 03 66 6f 6f")
        #expect(encoded(request, version: 1) == expected)
        var buffer = ByteBuffer(bytes: expected)
        #expect(try MetadataRequest.decode(from: &buffer, version: 1) == request)

        // Null topics (all topics) is legal from v1; v0 has no null and writes an empty array.
        #expect(encoded(MetadataRequest(topics: nil), version: 1) == hex("ff ff ff ff"))
        #expect(encoded(MetadataRequest(topics: nil), version: 0) == hex("00 00 00 00"))
        var null = ByteBuffer(bytes: hex("ff ff ff ff"))
        #expect(throws: KafkaProtocolError.self) { try MetadataRequest.decode(from: &null, version: 0) }
    }

    @Test func requestHeaderV2WithClientID() throws {
        let header = RequestHeader(apiKey: .metadata, apiVersion: 12, correlationID: 7, clientID: "cli")
        let expected = hex("00 03  00 0c  00 00 00 07  00 03 63 6c 69  00")  // int16-length client ID even in v2
        var buffer = ByteBuffer()
        header.encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == expected)
        #expect(try RequestHeader.decode(from: &buffer) == header)
        #expect(buffer.readableBytes == 0)
    }

    @Test func responseHeaders() throws {
        var v0 = ByteBuffer()
        ResponseHeader(correlationID: 7).encode(into: &v0, headerVersion: 0)
        #expect(Array(v0.readableBytesView) == hex("00 00 00 07"))
        var v1 = ByteBuffer()
        ResponseHeader(correlationID: 7).encode(into: &v1, headerVersion: 1)
        #expect(Array(v1.readableBytesView) == hex("00 00 00 07 00"))
        #expect(try ResponseHeader.decode(from: &v1, headerVersion: 1).correlationID == 7)
    }
}
