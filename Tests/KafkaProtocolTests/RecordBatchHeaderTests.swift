import KafkaProtocol
import NIOCore
import Testing

@Suite struct RecordBatchHeaderTests {
    @Test func headerRoundTripAndOffsetRewrite() throws {
        var header = RecordBatchHeader(baseOffset: 7, batchLength: Int32(RecordBatchHeader.size - 12), recordCount: 0)
        header.attributes.compression = .lz4
        header.attributes.isTransactional = true
        var buffer = ByteBuffer()
        header.write(to: &buffer)
        #expect(buffer.readableBytes == RecordBatchHeader.size)
        let peeked = try #require(RecordBatchHeader.peek(buffer, at: 0))
        #expect(peeked == header)
        #expect(peeked.attributes.compression == .lz4)
        RecordBatchHeader.setBaseOffset(42, in: &buffer, batchAt: 0)
        #expect(RecordBatchHeader.peek(buffer, at: 0)?.baseOffset == 42)
        #expect(RecordBatchHeader.peek(buffer, at: 1) == nil)
    }
}
