import RivuletCore
import KafkaProtocol
import NIOCore
import Testing

@Suite struct WirePrimitivesTests {
    @Test func stringsInBothForms() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaString("héllo", compact: false)
        buffer.writeKafkaNullableString(nil, compact: false)
        buffer.writeKafkaString("x", compact: true)
        buffer.writeKafkaNullableString(nil, compact: true)
        #expect(Array(buffer.readableBytesView) == [0, 6] + Array("héllo".utf8) + [0xff, 0xff, 2, 0x78, 0])
        #expect(try buffer.readKafkaString(compact: false) == "héllo")
        #expect(try buffer.readKafkaNullableString(compact: false) == nil)
        #expect(try buffer.readKafkaString(compact: true) == "x")
        #expect(throws: KafkaProtocolError.self) { try buffer.readKafkaString(compact: true) }
    }

    @Test func bytesAndArrays() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaNullableBytes(ByteBuffer(bytes: [1, 2]), compact: false)
        buffer.writeKafkaNullableBytes(nil, compact: true)
        buffer.writeKafkaArray([Int32(1), 2], compact: true) { $1.writeInteger($0) }
        buffer.writeKafkaNullableArray([Int32]?.none, compact: false) { $1.writeInteger($0) }
        #expect(try buffer.readKafkaBytes(compact: false) == ByteBuffer(bytes: [1, 2]))
        #expect(try buffer.readKafkaNullableBytes(compact: true) == nil)
        #expect(try buffer.readKafkaArray(compact: true) { try $0.readKafkaInteger(as: Int32.self) } == [1, 2])
        #expect(try buffer.readKafkaNullableArray(compact: false) { try $0.readKafkaInteger(as: Int32.self) } == nil)
        #expect(buffer.readableBytes == 0)
    }

    @Test func lengthsAreCheckedBeforeAllocating() {
        let cases: [[UInt8]] = [
            [0x7f, 0xff, 0xff, 0xff],  // array of 2^31-1 elements in 0 bytes
            [0xff, 0xff, 0xff, 0xfe],  // -2
            [0xff, 0xff, 0xff, 0xff, 0x0f],  // compact count 2^32-1
            [0xff, 0xff, 0xff, 0xff, 0xff, 0x01],  // varint longer than 5 bytes
        ]
        for bytes in cases {
            var buffer = ByteBuffer(bytes: bytes)
            #expect(throws: KafkaProtocolError.self) {
                _ = try buffer.readKafkaArray(compact: bytes.count > 4) { try $0.readKafkaInteger(as: Int64.self) }
            }
        }
        var string = ByteBuffer(bytes: [0x00, 0x05, 0x61])
        #expect(throws: KafkaProtocolError.self) { try string.readKafkaString(compact: false) }
        var negative = ByteBuffer(bytes: [0xff, 0xfe])
        #expect(throws: KafkaProtocolError.self) { try negative.readKafkaNullableString(compact: false) }
    }

    @Test func uuidAndBool() throws {
        var buffer = ByteBuffer()
        let id = KafkaUUID(high: 0x0123_4567_89ab_cdef, low: 42)
        buffer.writeKafkaUUID(id)
        buffer.writeKafkaBool(true)
        #expect(buffer.readableBytes == 17)
        #expect(try buffer.readKafkaUUID() == id)
        #expect(try buffer.readKafkaBool())
        #expect(id.description == "0123456789abcdef000000000000002a")
    }

    @Test func taggedFieldsMustAscendAndFit() {
        var outOfOrder = ByteBuffer(bytes: [2, 1, 0, 0, 0])
        #expect(throws: KafkaProtocolError.self) { try outOfOrder.skipKafkaTaggedFields() }
        var oversized = ByteBuffer(bytes: [1, 0, 9, 0])
        #expect(throws: KafkaProtocolError.self) { try oversized.skipKafkaTaggedFields() }
        var ok = ByteBuffer(bytes: [2, 0, 1, 0xaa, 5, 0])
        #expect(throws: Never.self) { try ok.skipKafkaTaggedFields() }
        #expect(ok.readableBytes == 0)
    }
}

@Suite struct VarintWriterTests {
    /// The one- and two-byte fast paths and the general loop write what `Varint` encodes.
    @Test func writesTheSameBytesAsTheReferenceEncoder() {
        var rng = SystemRandomNumberGenerator()
        let edges: [UInt64] = [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1F_FFFF, 0x20_0000, UInt64(UInt32.max), UInt64.max]
        let randoms = (0..<2000).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng) }
        for value in edges + randoms {
            var buffer = ByteBuffer()
            let written = buffer.writeUnsignedVarint(value)
            var expected: [UInt8] = []
            Varint.encodeUnsigned(value, into: &expected)
            #expect(Array(buffer.readableBytesView) == expected && written == expected.count, "\(value)")
            #expect(buffer.readUnsignedVarint() == value)
        }
    }
}
