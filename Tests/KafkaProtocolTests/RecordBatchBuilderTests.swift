import KafkaProtocol
import NIOCore
import RivuletCore
import Testing

@Suite struct RecordBatchBuilderTests {
    /// A one-record batch written out field by field from the Kafka spec (implementation §5.3).
    @Test func tinyBatchMatchesHandWrittenBytes() throws {
        var builder = RecordBatchBuilder(
            baseOffset: 5, partitionLeaderEpoch: 7, isTransactional: true, producerID: 1000, producerEpoch: 3,
            baseSequence: 42)
        builder.append(
            timestamp: 1_700_000_000_000, key: ByteBuffer(string: "k"), value: ByteBuffer(string: "hi"),
            headers: [RecordHeader(key: "h", value: nil)])
        let batch = builder.build()

        let record: [UInt8] = [
            0x18,  // length 12, zig-zag
            0x00,  // attributes
            0x00,  // timestampDelta 0
            0x00,  // offsetDelta 0
            0x02, 0x6B,  // keyLength 1, "k"
            0x04, 0x68, 0x69,  // valueLength 2, "hi"
            0x02,  // headersCount 1
            0x02, 0x68,  // headerKeyLength 1, "h"
            0x01,  // headerValueLength -1 (null)
        ]
        let afterCRC: [UInt8] =
            [0x00, 0x10]  // attributes: transactional, create time, no compression
            + [0x00, 0x00, 0x00, 0x00]  // lastOffsetDelta 0
            + [0x00, 0x00, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00]  // baseTimestamp 1_700_000_000_000
            + [0x00, 0x00, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00]  // maxTimestamp
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xE8]  // producerId 1000
            + [0x00, 0x03]  // producerEpoch 3
            + [0x00, 0x00, 0x00, 0x2A]  // baseSequence 42
            + [0x00, 0x00, 0x00, 0x01]  // recordCount 1
            + record
        let crc = afterCRC.withUnsafeBytes { CRC32C.softwareChecksum($0) }
        // Also computed by a bitwise CRC-32C outside this code base.
        #expect(crc == 0xAC08_5461)
        let expected: [UInt8] =
            [0, 0, 0, 0, 0, 0, 0, 5]  // baseOffset 5
            + [0x00, 0x00, 0x00, 0x3E]  // batchLength 62 = 74 - 12
            + [0x00, 0x00, 0x00, 0x07]  // partitionLeaderEpoch 7
            + [0x02]  // magic
            + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
            + afterCRC

        #expect(Array(batch.bytes.readableBytesView) == expected)
        #expect(batch.totalSize == 74)
        #expect(batch.crc == crc)
        #expect(batch.baseOffset == 5 && batch.lastOffset == 5 && batch.recordCount == 1)
        #expect(batch.maxTimestamp == 1_700_000_000_000 && batch.isTransactional && !batch.isControl)
        #expect(batch.producerID == 1000 && batch.producerEpoch == 3 && batch.baseSequence == 42)
        try batch.validate()
        let records = try batch.records()
        #expect(
            records == [
                Record(
                    key: ByteBuffer(string: "k"), value: ByteBuffer(string: "hi"),
                    headers: [RecordHeader(key: "h", value: nil)])
            ])
    }

    @Test func timestampsAndOffsetDeltas() throws {
        var builder = RecordBatchBuilder(baseOffset: 100)
        for timestamp: Int64 in [50, 20, 90, 10] {
            builder.append(timestamp: timestamp, key: nil, value: ByteBuffer(string: "v"))
        }
        let batch = builder.build()
        #expect(batch.baseTimestamp == 50)
        #expect(batch.maxTimestamp == 90)
        #expect(batch.lastOffset == 103)
        #expect(batch.nextOffset == 104)
        let records = try batch.records()
        #expect(records.map(\.offsetDelta) == [0, 1, 2, 3])
        #expect(records.map(\.timestampDelta) == [0, -30, 40, -40])
    }

    @Test func emptyBatchIsValid() throws {
        let batch = RecordBatchBuilder(baseOffset: 9).build()
        #expect(batch.totalSize == RecordBatchHeader.size)
        #expect(batch.recordCount == 0 && batch.lastOffset == 9)
        #expect(batch.baseTimestamp == RecordBatchBuilder.noTimestamp)
        try batch.validate()
        #expect(try batch.records().isEmpty)
    }

    @Test func attributeCombinations() throws {
        for bits in 0..<8 {
            let builder = RecordBatchBuilder(
                timestampType: bits & 1 == 0 ? .createTime : .logAppendTime, isTransactional: bits & 2 != 0,
                isControl: bits & 4 != 0)
            let batch = builder.build()
            #expect(batch.timestampType == (bits & 1 == 0 ? .createTime : .logAppendTime))
            #expect(batch.isTransactional == (bits & 2 != 0))
            #expect(batch.isControl == (bits & 4 != 0))
            #expect(batch.compression == CompressionCodec.none)
            try batch.validate()
        }
    }
}
