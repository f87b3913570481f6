import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// A Fetch response goes out as parts (fields, then large record bytes as the log read
/// them); back to back they must be exactly the frame the plain encoding writes.
@Suite struct GatheredFetchFrameTests {
    static func records(_ count: Int, seed: UInt8) -> ByteBuffer {
        ByteBuffer(bytes: (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    static func response(recordSizes: [Int?]) -> FetchResponse {
        let partitions = recordSizes.enumerated().map { i, size in
            FetchResponse.FetchableTopicResponse.PartitionData(
                partitionIndex: Int32(i), errorCode: 0, highWatermark: 1000, lastStableOffset: 1000, logStartOffset: 0,
                abortedTransactions: nil, records: size.map { records($0, seed: UInt8(i)) })
        }
        return FetchResponse(responses: [.init(topic: "bench", partitions: partitions), .init(topic: "empty", partitions: [])])
    }

    @Test(arguments: [Int16(4), 7, 11, 12])
    func partsJoinedAreThePlainFrame(version: Int16) throws {
        let sizes: [Int?] = [100, 20_000, nil, 0, 70_000, 16 * 1024 - 1, 16 * 1024]
        let response = Self.response(recordSizes: sizes)
        let header = RequestHeader(apiKey: .fetch, apiVersion: version, correlationID: 42)
        let parts = KafkaRequestRouter.encodeFetch(response, header: header)
        var joined = ByteBuffer()
        for var part in parts { joined.writeBuffer(&part) }
        let plain = KafkaRequestRouter.encode(.fetch(response), header: header)
        #expect(joined == plain)
        // Three record sets reach the size that is sent uncopied: each is its own part, between
        // the fields before and after it.
        #expect(parts.count == 7)
        #expect(parts[1] == Self.records(20_000, seed: 1))
        #expect(parts[3] == Self.records(70_000, seed: 4))
        #expect(parts[5] == Self.records(16 * 1024, seed: 6))

        var frame = joined
        let size = frame.readInteger(as: Int32.self)
        #expect(size.map(Int.init) == frame.readableBytes)
        _ = try ResponseHeader.decode(from: &frame, headerVersion: ApiKey.fetch.responseHeaderVersion(apiVersion: version))
        let decoded = try FetchResponse.decode(from: &frame, version: version)
        #expect(decoded.responses[0].partitions.map { $0.records?.readableBytes } == sizes)
        #expect(decoded.responses[0].partitions[4].records == Self.records(70_000, seed: 4))
    }

    @Test func aResponseWithoutLargeRecordsIsOnePart() {
        let response = Self.response(recordSizes: [10, nil, 300])
        let header = RequestHeader(apiKey: .fetch, apiVersion: 12, correlationID: 7)
        let parts = KafkaRequestRouter.encodeFetch(response, header: header)
        #expect(parts == [KafkaRequestRouter.encode(.fetch(response), header: header)])
    }
}
