import KafkaProtocol
import NIOCore
import Testing
import KafkaClient

/// `RecordBatch.compressed(with:)` and `decompressedRecords()`: every codec gives back the
/// records it was given; damaged data and a size cap throw `KafkaClientError`, never trap.
@Suite struct RecordBatchCompressionTests {
    static func batch(_ count: Int) -> RecordBatch {
        var builder = RecordBatchBuilder(estimatedSize: 4096)
        for i in 0..<count {
            builder.append(
                timestamp: 1000 + Int64(i), key: ByteBuffer(string: "k\(i % 3)"),
                value: ByteBuffer(string: #"{"device_id":"device-\#(i % 7)","ts":\#(i)}"#))
        }
        return builder.build()
    }

    static func values(_ iterator: consuming RecordIterator) throws -> [String] {
        var iterator = iterator
        var out: [String] = []
        while let record = try iterator.next() { out.append(record.value.map { String(buffer: $0) } ?? "") }
        return out
    }

    @Test(arguments: [CompressionCodec.none, .gzip, .snappy, .lz4])
    func roundTrips(_ codec: CompressionCodec) throws {
        let original = Self.batch(200)
        let compressed = try RecordBatch(bytes: original.compressed(with: codec))
        #expect(compressed.compression == codec)
        try compressed.validate()  // the CRC covers the compressed bytes
        #expect(try Self.values(compressed.decompressedRecords()) == Self.values(original.decompressedRecords()))
    }

    @Test func damagedDataAndTheCapThrow() throws {
        var bytes = try Self.batch(200).compressed(with: .gzip)
        bytes.setBytes([0xFF, 0xFF, 0xFF, 0xFF], at: bytes.readerIndex + RecordBatchHeader.size)
        #expect(throws: KafkaClientError.self) { try RecordBatch(bytes: bytes).decompressedRecords() }
        let big = try RecordBatch(bytes: Self.batch(200).compressed(with: .lz4))
        #expect(throws: KafkaClientError.self) { try big.decompressedRecords(maxDecompressedBytes: 100) }
    }
}
