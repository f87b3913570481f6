import KafkaProtocol
import NIOCore
import TestSupport
import Testing

/// Decodes random and mutated bodies for random APIs and versions. A trap would crash the
/// test process; any thrown error other than `KafkaProtocolError` is recorded as an issue.
@Suite struct MessagesFuzzTests {
    static let iterations = 50_000

    @Test func decodersNeverTrapOnHostileBytes() {
        var rng = SeededGenerator(seed: 0x5EED)
        var seeds: [String: [UInt8]] = [:]
        var failures = 0
        for iteration in 0..<Self.iterations {
            let apiKey = ApiKey.allCases.randomElement(using: &rng) ?? .apiVersions
            let versions = apiKey.supported.versions
            let version = Int16.random(in: versions, using: &rng)
            let isRequest = iteration % 2 == 0
            let bytes: [UInt8]
            if iteration % 4 < 2 {
                let key = "\(apiKey)-\(version)-\(isRequest)"
                let seed = seeds[key] ?? validEncoding(apiKey, version: version, request: isRequest)
                seeds[key] = seed
                bytes = mutate(seed, using: &rng)
            } else {
                bytes = randomBytes(count: Int.random(in: 0...96, using: &rng), using: &rng)
            }
            // Occasionally an out-of-range version, which must be rejected cleanly.
            let decodeVersion = iteration % 50 == 0 ? versions.upperBound + 1 : version
            var buffer = ByteBuffer(bytes: bytes)
            do {
                if isRequest {
                    _ = try KafkaRequestBody.decode(apiKey: apiKey, version: decodeVersion, from: &buffer)
                } else {
                    _ = try KafkaResponseBody.decode(apiKey: apiKey, version: decodeVersion, from: &buffer)
                }
            } catch is KafkaProtocolError {
            } catch {
                failures += 1
            }
            var header = ByteBuffer(bytes: bytes)
            do { _ = try RequestHeader.decode(from: &header) } catch is KafkaProtocolError {} catch { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test func frameDecoderNeverTraps() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            var decoder = KafkaFrameDecoder(maxFrameBytes: 64)
            decoder.append(contentsOf: randomBytes(count: Int.random(in: 0...128, using: &rng), using: &rng))
            do { _ = try decoder.nextFrames() } catch { #expect(error is KafkaProtocolError) }
        }
    }

    private func randomBytes(count: Int, using rng: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    private func validEncoding(_ apiKey: ApiKey, version: Int16, request: Bool) -> [UInt8] {
        var buffer = ByteBuffer()
        if request {
            sampleRequestBody(apiKey, version: version).encode(into: &buffer, version: version)
        } else {
            sampleResponseBody(apiKey, version: version).encode(into: &buffer, version: version)
        }
        return Array(buffer.readableBytesView)
    }

    /// Flips, overwrites with length-like values, truncates or inserts, a few times.
    private func mutate(_ seed: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            case 1: bytes[at] = [0x00, 0x7f, 0x80, 0xff].randomElement(using: &rng) ?? 0
            case 2: bytes.removeSubrange(at...)
            case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            default: bytes.replaceSubrange(at..<min(at + 4, bytes.count), with: [0x7f, 0xff, 0xff, 0xff])
            }
        }
        return bytes
    }
}
