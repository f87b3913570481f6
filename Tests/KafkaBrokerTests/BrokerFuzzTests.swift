import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import Synchronization
import Testing
import NIOPosix
import Foundation
import Logging

@testable import KafkaBroker

/// Throws random and mutated frames at a running broker over a few connections at a time,
/// reconnecting whenever the broker closes one, then checks a real client is still served.
@Suite struct BrokerFuzzTests {
    static let framesPerWorker = Int(ProcessInfo.processInfo.environment["FUZZ_FRAMES"] ?? "") ?? 26_000
    static let workers = 4
    static let maxFrameBytes = 1 << 20
    /// FUZZ_FRAMES=n shortens a run while debugging; FUZZ_LOG=1 shows why connections close.
    static let logger: Logger = {
        var logger = Logger(label: "rivulet.broker.fuzz")
        logger.logLevel = ProcessInfo.processInfo.environment["FUZZ_LOG"] != nil ? .info : .critical
        return logger
    }()

    /// Valid requests the mutations start from. Nothing here can create topics or partitions
    /// even when mutated (auto-creation is off and no CreateTopics/CreatePartitions is sent).
    static func samples() -> [ByteBuffer] {
        let records = Batches.make(["fuzz-a", "fuzz-b"])
        let idempotent = Batches.make(["i"], producerID: 9, epoch: 0, baseSequence: 0)
        var frames: [ByteBuffer] = []
        func add<R: KafkaRequest>(_ request: R, _ versions: [Int16]) {
            for version in versions { frames.append(TestKafkaClient.frame(request, version: version, correlationID: 1)) }
        }
        add(ApiVersionsRequest(clientSoftwareName: "fuzz", clientSoftwareVersion: "1"), [0, 3])
        add(MetadataRequest(topics: [.init(name: "fuzz")], allowAutoTopicCreation: true), [1, 4, 9, 12])
        add(MetadataRequest(topics: nil), [12])
        add(ProduceRequest.one(topic: "fuzz", records: records, acks: 1), [3, 8, 9])
        add(ProduceRequest.one(topic: "fuzz", records: idempotent, acks: -1), [9])
        // Small limits: the topic grows with every fuzzed produce, and reading megabytes per
        // fetch would only measure memcpy.
        var fetch = FetchRequest.one(topic: "fuzz", offset: 0, partitionMaxBytes: 512)
        fetch.maxBytes = 1024
        add(fetch, [4, 11, 12])
        add(ListOffsetsRequest(topics: [.init(name: "fuzz", partitions: [.init(partitionIndex: 0, timestamp: -1)])]), [1, 7])
        add(FindCoordinatorRequest(key: "g", keyType: 0, coordinatorKeys: ["g"]), [1, 3, 4])
        add(DescribeConfigsRequest(resources: [.init(resourceType: 2, resourceName: "fuzz", configurationKeys: nil)]), [1, 4])
        add(DescribeClusterRequest(), [0, 1])
        add(InitProducerIDRequest(transactionalID: nil), [0, 4])
        return frames
    }

    static func randomBytes(_ count: Int, _ random: inout SeededRandom) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = random.next()
            for _ in 0..<min(8, count - index) {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return bytes
    }

    static func randomFrame(_ samples: [ByteBuffer], _ random: inout SeededRandom) -> ByteBuffer {
        var frame: ByteBuffer
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<25:
            return samples.randomElement(using: &random)!
        case 25..<65:
            frame = samples.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 4..<frame.writerIndex, using: &random)
                frame.setInteger(UInt8.random(in: 0...255, using: &random), at: at)
            }
            if Bool.random(using: &random), frame.writerIndex > 12 {
                // Cut or extend the body, keeping the size prefix truthful.
                frame.moveWriterIndex(to: Int.random(in: 12...frame.writerIndex, using: &random))
                if Bool.random(using: &random) { frame.writeBytes(randomBytes(Int.random(in: 1...40, using: &random), &random)) }
                frame.setInteger(Int32(frame.writerIndex - 4), at: 0)
            }
            return frame
        case 65..<85:
            let body = randomBytes(Int.random(in: 0...300, using: &random), &random)
            frame = ByteBuffer()
            frame.writeInteger(Int32(body.count))
            frame.writeBytes(body)
            return frame
        case 85..<97:
            let api = ApiKey.allCases.randomElement(using: &random)!
            frame = ByteBuffer()
            frame.writeInteger(Int32(0))
            frame.writeInteger(api.rawValue)
            frame.writeInteger(Int16.random(in: -1...14, using: &random))
            frame.writeInteger(Int32.random(in: 0...1000, using: &random))
            frame.writeBytes(randomBytes(Int.random(in: 0...120, using: &random), &random))
            frame.setInteger(Int32(frame.writerIndex - 4), at: 0)
            return frame
        default:
            // Lying size prefixes: negative, huge, or longer than what follows.
            frame = ByteBuffer()
            frame.writeInteger([Int32(-1), Int32.min, Int32.max, Int32(200 << 20)].randomElement(using: &random)!)
            frame.writeBytes([0, 3, 0, 9])
            return frame
        }
    }

    @Test(.timeLimit(.minutes(2))) func randomAndMutatedFramesNeverStopTheBroker() async throws {
        let samples = Self.samples()
        try await withRunningBroker(configure: { configuration in
            configuration.autoCreateTopics = false
            configuration.fetchMaxWait = .milliseconds(20)
            configuration.maxRequestBytes = ByteCount(Int64(Self.maxFrameBytes))
        }, logger: Self.logger, fsync: .none) { service, port, store in
            let started = ContinuousClock.now
            try store.createTopic("fuzz", partitions: 1)
            let totals = try await withThrowingTaskGroup(of: (frames: Int, connections: Int).self) { group in
                for worker in 0..<Self.workers {
                    group.addTask { try await Self.hammer(port: port, samples: samples, seed: UInt64(worker) &+ 0xF022) }
                }
                var totals = (frames: 0, connections: 0)
                for try await result in group {
                    totals.frames += result.frames
                    totals.connections += result.connections
                }
                return totals
            }
            print("fuzz: \(totals.frames) frames over \(totals.connections) connections in \(ContinuousClock.now - started)")
            #expect(totals.frames >= 100_000)

            // A real client is still served correctly.
            try await TestKafkaClient.with(port: port) { client in
                let before = store.partition("fuzz", 0)?.logEndOffset.rawValue ?? -1
                let produced = try await client.send(ProduceRequest.one(topic: "fuzz", records: Batches.make(["after-fuzz"])), version: 9)
                let partition = try #require(produced.responses.first?.partitionResponses.first)
                #expect(partition.errorCode == 0 && partition.baseOffset == before)
                let fetched = try await client.send(FetchRequest.one(topic: "fuzz", offset: before), version: 12)
                #expect(try Batches.values(fetched.responses.first?.partitions.first?.records).map(\.value).last == "after-fuzz")
            }
        }
    }

    static func rawConnect(port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Whether the broker must (or, for acks=0 produces, may) close the connection after
    /// `frame`, decided with the same codecs: unreadable header, API not served, version not
    /// supported (except ApiVersions, which is answered), body that does not decode.
    static func mayClose(_ frame: ByteBuffer, maxFrameBytes: Int) -> Bool {
        var buffer = frame
        guard let size = buffer.readInteger(as: Int32.self), size >= 0, Int(size) <= maxFrameBytes,
            buffer.readableBytes == Int(size), let header = try? RequestHeader.decode(from: &buffer),
            let api = header.knownApiKey, ApiVersionsHandler(servesGroups: false).serves(api)
        else { return true }
        if api == .apiVersions { return false }
        guard api.supported.versions.contains(header.apiVersion),
            let body = try? KafkaRequestBody.decode(apiKey: api, version: header.apiVersion, from: &buffer)
        else { return true }
        if case .produce(let produce) = body, produce.acks == 0 { return true }
        return false
    }

    /// Sends bursts of fuzz frames over one connection after another. A burst holds frames the
    /// broker must answer and at most one, last, that may close the connection; an ApiVersions
    /// v0 sentinel follows. Its answer means the connection survived; end of stream means the
    /// broker closed it, which must happen exactly when the burst ended in a closing frame.
    static func hammer(port: Int, samples: [ByteBuffer], seed: UInt64) async throws -> (frames: Int, connections: Int) {
        var random = SeededRandom(seed: seed)
        var sent = 0
        var connections = 0
        var sentinelID: Int32 = 0x4000_0000
        while sent < framesPerWorker {
            connections += 1
            let channel = try await rawConnect(port: port)
            try await channel.executeThenClose { inbound, outbound in
                var responses = inbound.makeAsyncIterator()
                var pending = ByteBuffer()
                while sent < framesPerWorker {
                    var burst = ByteBuffer()
                    var closing = false
                    let count = Int.random(in: 1...40, using: &random)
                    var inBurst = 0
                    while inBurst < count, !closing {
                        var frame = randomFrame(samples, &random)
                        if mayClose(frame, maxFrameBytes: maxFrameBytes) {
                            // Keep one closing frame in twenty so that connections last a while.
                            guard Int.random(in: 0..<20, using: &random) == 0 else { continue }
                            closing = true
                        }
                        burst.writeBuffer(&frame)
                        inBurst += 1
                    }
                    if Int.random(in: 0..<200, using: &random) == 0 {
                        // A size that promises more than ever comes: the broker can only wait (as
                        // Kafka does); we hang up with the partial frame buffered there.
                        burst.writeInteger(Int32(64))
                        burst.writeBytes([0, 3, 0, 9])
                        sent += inBurst + 1
                        try? await outbound.write(burst)
                        return
                    }
                    sentinelID += 1
                    var sentinel = TestKafkaClient.frame(ApiVersionsRequest(), version: 0, correlationID: sentinelID)
                    burst.writeBuffer(&sentinel)
                    sent += inBurst
                    var survived = false
                    do {
                        try await outbound.write(burst)
                        // Responses arrive as raw chunks; walk their frames looking for the sentinel's.
                        reading: while var chunk = try await responses.next() {
                            pending.writeBuffer(&chunk)
                            while let size = pending.getInteger(at: pending.readerIndex, as: Int32.self),
                                pending.readableBytes >= 4 + Int(size)
                            {
                                let id = pending.getInteger(at: pending.readerIndex + 4, as: Int32.self)
                                pending.moveReaderIndex(forwardBy: 4 + Int(size))
                                if id == sentinelID {
                                    survived = true
                                    break reading
                                }
                            }
                        }
                    } catch {}
                    if !survived {
                        #expect(closing, "the broker closed a connection after frames it should have answered")
                        return
                    }
                }
            }
        }
        return (sent, connections)
    }
}
