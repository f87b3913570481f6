import KafkaProtocol
import NIOCore
import Testing

@Suite struct FramingFrameDecoderTests {
    private func frames(_ bodies: [[UInt8]]) -> [UInt8] {
        var out = ByteBuffer()
        for body in bodies { KafkaFrameDecoder.writeFrame(ByteBuffer(bytes: body), into: &out) }
        return Array(out.readableBytesView)
    }

    private let bodies: [[UInt8]] = [[1, 2, 3], [], Array(0..<200).map { UInt8($0) }, [9]]

    @Test func framesSurviveEveryChunkSize() throws {
        let stream = frames(bodies)
        for chunkSize in 1...stream.count {
            var decoder = KafkaFrameDecoder()
            var received: [[UInt8]] = []
            var start = 0
            while start < stream.count {
                let end = min(start + chunkSize, stream.count)
                decoder.append(contentsOf: stream[start..<end])
                received += try decoder.nextFrames().map { Array($0.readableBytesView) }
                start = end
            }
            #expect(received == bodies, "chunk size \(chunkSize)")
            #expect(decoder.bufferedBytes == 0)
        }
    }

    /// Frames handed out are slices of the decoder's buffer; whatever arrives later (read
    /// buffers with spare room, partial frames moved out of shared storage) must never change
    /// a frame already returned. Random frames, random read sizes, all frames kept to the end.
    @Test func framesAlreadyReturnedNeverChange() throws {
        var rng = SystemRandomNumberGenerator()
        let bodies = (0..<300).map { i in
            (0..<Int.random(in: 0...5000, using: &rng)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) }
        }
        let stream = frames(bodies)
        for growth in [64, 1 << 20] {
            var decoder = KafkaFrameDecoder(growthStepBytes: growth)
            var received: [ByteBuffer] = []
            var start = 0
            while start < stream.count {
                let end = min(start + Int.random(in: 1...9000, using: &rng), stream.count)
                // Reads arrive with spare capacity, as NIO's do.
                var read = ByteBufferAllocator().buffer(capacity: (end - start) * 2)
                read.writeBytes(stream[start..<end])
                decoder.append(read)
                received += try decoder.nextFrames()
                start = end
            }
            #expect(received.map { Array($0.readableBytesView) } == bodies, "growth step \(growth)")
            #expect(decoder.bufferedBytes == 0)
        }
    }

    @Test func severalFramesInOneChunk() throws {
        var decoder = KafkaFrameDecoder()
        decoder.append(ByteBuffer(bytes: frames(bodies) + [0, 0]))  // plus half a size prefix
        #expect(try decoder.nextFrames().map { Array($0.readableBytesView) } == bodies)
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedBytes == 2)
    }

    @Test func negativeSizeIsAnError() {
        var decoder = KafkaFrameDecoder()
        decoder.append(contentsOf: [0xff, 0xff, 0xff, 0xfe])
        #expect(throws: KafkaProtocolError.self) { try decoder.nextFrame() }
    }

    @Test func sizeAboveCapIsAnErrorBeforeTheBodyArrives() throws {
        var decoder = KafkaFrameDecoder(maxFrameBytes: 10)
        decoder.append(contentsOf: [0, 0, 0, 10] + Array(repeating: UInt8(7), count: 10))
        #expect(try decoder.nextFrame()?.readableBytes == 10)
        decoder.append(contentsOf: [0, 0, 0, 11])
        let error = #expect(throws: KafkaProtocolError.self) { try decoder.nextFrame() }
        #expect(error?.code == .lengthOutOfRange)
        #expect(KafkaFrameDecoder().maxFrameBytes == 100 * 1024 * 1024)
    }
}
