import Foundation
import TestSupport
import Testing
@testable import Simulation

/// Decodes our PNGs independently of the encoder: chunk walk, CRCs, zlib stored blocks, Adler-32.
@Suite struct PNGEncoderTests {
    struct Decoded {
        var width: Int
        var height: Int
        var pixels: [UInt8]
    }

    static func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func decode(_ png: [UInt8]) throws -> Decoded {
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        var at = 8
        var chunks: [(String, [UInt8])] = []
        while at + 12 <= png.count {
            let length = Int(be32(png, at))
            let type = String(decoding: png[at + 4..<at + 8], as: UTF8.self)
            let data = Array(png[at + 8..<at + 8 + length])
            #expect(be32(png, at + 8 + length) == CRC32IEEE.checksum(Array(png[at + 4..<at + 8 + length])), "\(type) CRC")
            chunks.append((type, data))
            at += 12 + length
        }
        #expect(at == png.count)
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        let header = chunks[0].1
        #expect(header.count == 13)
        let fields: [UInt8] = Array(header[8...])
        #expect(fields == [8, 2, 0, 0, 0])
        let width = Int(be32(header, 0)), height = Int(be32(header, 4))
        let raw = try inflateStored(chunks[1].1)
        #expect(raw.count == height * (width * 3 + 1))
        var pixels: [UInt8] = []
        for row in 0..<height {
            let rowStart: Int = row * (width * 3 + 1)
            let filter: UInt8 = raw[rowStart]
            #expect(filter == 0)  // filter type none
            pixels.append(contentsOf: raw[(rowStart + 1)..<(rowStart + 1 + width * 3)])
        }
        return Decoded(width: width, height: height, pixels: pixels)
    }

    struct BadStream: Error {}

    /// Reads a zlib stream made only of stored blocks and checks its header and Adler-32.
    static func inflateStored(_ stream: [UInt8]) throws -> [UInt8] {
        guard stream.count >= 6, stream[0] & 0x0F == 8, (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0 else {
            throw BadStream()
        }
        var at = 2
        var out: [UInt8] = []
        while true {
            let header = stream[at]
            guard header & 0x06 == 0 else { throw BadStream() }  // BTYPE must be 00
            let length = Int(stream[at + 1]) | Int(stream[at + 2]) << 8
            let complement = Int(stream[at + 3]) | Int(stream[at + 4]) << 8
            guard length ^ complement == 0xFFFF else { throw BadStream() }
            out += stream[at + 5..<at + 5 + length]
            at += 5 + length
            if header & 1 == 1 { break }
        }
        guard be32(stream, at) == Adler32.checksum(out), at + 4 == stream.count else { throw BadStream() }
        return out
    }

    @Test func checksumsMatchPublishedVectors() {
        #expect(CRC32IEEE.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32IEEE.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([UInt8](repeating: 0xFF, count: 100_000)) == 0x149A_302C)
    }

    @Test func imageRoundTripsThroughTheDecoder() throws {
        var image = RGBImage(width: 64, height: 48, fill: .init(10, 20, 30))
        image.fill(x: 5, y: 6, width: 10, height: 4, color: .init(200, 0, 0))
        let decoded = try Self.decode(PNGEncoder.encode(image))
        #expect(decoded.width == 64 && decoded.height == 48)
        #expect(decoded.pixels == image.pixels)
    }

    @Test func largeImagesSpanSeveralStoredBlocks() throws {
        let image = RGBImage(width: 200, height: 150, fill: .init(1, 2, 3))  // 90 150 raw bytes
        let decoded = try Self.decode(PNGEncoder.encode(image))
        #expect(decoded.pixels == image.pixels)
        #expect(try Self.inflateStored(PNGEncoder.zlibStored([])) == [])
    }

    @Test func cameraScenesDependOnTheEvent() throws {
        var random = SimulationRandom(seed: 1)
        let day = CameraSnapshot.render(kind: .expressway, hour: 12, condition: .clear, congestion: 0.1, random: &random)
        let night = CameraSnapshot.render(kind: .expressway, hour: 23, condition: .clear, congestion: 0.1, random: &random)
        #expect(day.color(x: 0, y: 0) != night.color(x: 0, y: 0))
        let png = PNGEncoder.encode(day)
        #expect(try Self.decode(png).width == 64)
    }

    @Test func pythonZlibAgreesWhenAvailable() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { return }
        let directory = try TemporaryDirectory(prefix: "rivulet-sim")
        defer { directory.remove() }
        var random = SimulationRandom(seed: 2)
        let image = CameraSnapshot.render(kind: .city, hour: 8, condition: .rain, congestion: 0.8, random: &random)
        let path = directory.path + "/snapshot.png"
        try Data(PNGEncoder.encode(image)).write(to: URL(fileURLWithPath: path))
        let script = """
            import struct, sys, zlib
            d = open(sys.argv[1], 'rb').read()
            assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            i, idat = 8, b''
            while i < len(d):
                n = struct.unpack('>I', d[i:i+4])[0]; t = d[i+4:i+8]; body = d[i+8:i+8+n]
                assert struct.unpack('>I', d[i+8+n:i+12+n])[0] == zlib.crc32(t + body)
                if t == b'IDAT': idat += body
                i += 12 + n
            raw = zlib.decompress(idat)
            w, h = struct.unpack('>II', d[16:24])
            assert len(raw) == h * (w * 3 + 1)
            print('ok', w, h)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(output.hasPrefix("ok 64 48"))
    }
}
