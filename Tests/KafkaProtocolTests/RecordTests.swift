import KafkaProtocol
import NIOCore
import TestSupport
import Testing

@Suite struct RecordTests {
    @Test func roundTripsRandomRecords() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let input = rng.record(timestamp: 0, allowLarge: true)
            let record = Record(
                attributes: Int8.random(in: .min ... .max, using: &rng),
                timestampDelta: Int64.random(in: .min ... .max, using: &rng),
                offsetDelta: Int32.random(in: .min ... .max, using: &rng), key: input.key, value: input.value,
                headers: input.headers)
            var buffer = ByteBuffer()
            record.encode(into: &buffer)
            #expect(buffer.readableBytes == record.encodedSize)
            buffer.writeString("next")  // bytes after the record stay unread
            let decoded = try Record.decode(from: &buffer)
            #expect(decoded == record)
            #expect(buffer.readableBytes == 4)
        }
    }

    @Test func nullAndEmptyStayDistinct() throws {
        let record = Record(
            key: nil, value: ByteBuffer(),
            headers: [RecordHeader(key: "", value: nil), RecordHeader(key: "k", value: ByteBuffer())])
        var buffer = ByteBuffer()
        record.encode(into: &buffer)
        let decoded = try Record.decode(from: &buffer)
        #expect(decoded.key == nil)
        #expect(decoded.value == ByteBuffer())
        #expect(decoded.headers[0].value == nil)
        #expect(decoded.headers[1].value == ByteBuffer())
    }

    /// Body: attributes 0, timestampDelta 0, offsetDelta 0, then the given tail bytes.
    private func decode(tail: [UInt8], declaredLength: UInt8? = nil) -> KafkaProtocolError? {
        var buffer = ByteBuffer()
        let body: [UInt8] = [0, 0, 0] + tail
        buffer.writeInteger(declaredLength ?? UInt8(body.count * 2))  // zig-zag of a small length
        buffer.writeBytes(body)
        do {
            _ = try Record.decode(from: &buffer)
            return nil
        } catch {
            return error
        }
    }

    // zig-zag(Int32.max) = 0xFFFFFFFE, as a 5-byte varint.
    private let int32MaxVarint: [UInt8] = [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]

    @Test func hugeLengthsAreRejectedBeforeAnyReservation() {
        // Key length 2^31-1 with 3 bytes present: rejected by comparing with the bytes left.
        #expect(decode(tail: int32MaxVarint + [1, 1, 0])?.code == .lengthOutOfRange)
        // Header count 2^31-1: reserving that many headers would abort the process, so reaching
        // the `#expect` at all shows the count was checked against the bytes first.
        #expect(decode(tail: [1, 1] + int32MaxVarint + [0, 1])?.code == .lengthOutOfRange)
        // Header key length 2^31-1.
        #expect(decode(tail: [1, 1, 2] + int32MaxVarint + [1])?.code == .lengthOutOfRange)
        // Header value length 2^31-1.
        #expect(decode(tail: [1, 1, 2, 0] + int32MaxVarint)?.code == .lengthOutOfRange)
    }

    @Test func malformedFieldsThrowTheMatchingCode() {
        #expect(decode(tail: [1, 1, 0]) == nil)
        #expect(decode(tail: [3, 1, 0])?.code == .lengthOutOfRange)  // key length -2
        #expect(decode(tail: [1, 1, 1])?.code == .lengthOutOfRange)  // headers count -1
        #expect(decode(tail: [2, 0x01, 1, 2, 1, 0x61, 1])?.code == .lengthOutOfRange)  // header key length -1
        #expect(decode(tail: [1, 1, 0, 9])?.code == .invalidValue)  // bytes after the last header
        #expect(decode(tail: [1, 1, 0], declaredLength: 2 * 40)?.code == .lengthOutOfRange)  // longer than the bytes
        #expect(decode(tail: [1, 1, 0], declaredLength: 1)?.code == .lengthOutOfRange)  // length -1
        #expect(decode(tail: [0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1, 0])?.code == .invalidValue)  // 6-byte varint
        #expect(decode(tail: [0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 1, 0])?.code == .invalidValue)  // over 32 bits
        #expect(decode(tail: [1, 1, 0x80], declaredLength: 12)?.code == .truncated)  // record ends inside a varint
    }

    @Test func failedDecodeLeavesTheReaderIndex() {
        var buffer = ByteBuffer(bytes: [0x20, 0, 0])
        #expect(throws: KafkaProtocolError.self) { try Record.decode(from: &buffer) }
        #expect(buffer.readerIndex == 0)
    }
}
