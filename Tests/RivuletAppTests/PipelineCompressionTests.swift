import KafkaClient
import KafkaProtocol
import LogStore
import NIOCore
import RivuletApp
import StreamEngine
import TestSupport
import Testing

/// Compressed record batches in the embedded log: decoded like uncompressed ones, and a batch
/// whose compressed data is damaged goes to the dead-letter topic whole, naming the error.
@Suite(.serialized) struct PipelineCompressionTests {
    @Test func compressedBatchesGiveTheSameWindowsAsUncompressedOnes() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = PipelineFixture.config(dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        let events = PipelineFixture.events(3000, seed: 11)
        try PipelineFixture.append(events[...], to: log, codecs: [.gzip, .snappy, .lz4, .none])
        let metrics = try await PipelineServiceTests.run(config, log: log, clock: ManualClock()) { service in
            try await PipelineServiceTests.caughtUp(service)
        }
        let reference = PipelineFixture.reference(events)
        #expect(reference.count > 50)
        #expect(PipelineFixture.differences(try PipelineFixture.committedWindows(config), reference) == [])
        // Only the malformed JSON records are dead letters: every compressed batch opened.
        let letters = try PipelineFixture.deadLetters(log)
        #expect(letters.count == events.filter { $0.device == nil }.count)
        #expect(metrics.deadLetters == Int64(letters.count))
    }

    @Test func aDamagedCompressedBatchIsDeadLetteredWhole() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = PipelineFixture.config(dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        let events = PipelineFixture.events(2000, seed: 12).filter { $0.device != nil }
        let partition = try #require(log.partition("iot-metrics", 0))
        try PipelineFixture.append(events[..<1000], to: log, codecs: [.lz4])
        // 100 records whose lz4 payload does not decompress: the frame magic is wrong.
        let damagedFirst = partition.logEndOffset.rawValue
        var builder = RecordBatchBuilder(estimatedSize: 16 << 10)
        for e in events[1000..<1100] { builder.append(timestamp: 0, key: nil, value: ByteBuffer(bytes: e.value)) }
        var damaged = try builder.build().compressed(with: .lz4)
        damaged.setBytes([0xDE, 0xAD, 0xBE, 0xEF], at: damaged.readerIndex + RecordBatchHeader.size)
        // A valid CRC over the garbage, as a producer would send it: the log accepts it.
        let crc = try #require(RecordBatchHeader.computeCRC(damaged, batchAt: damaged.readerIndex, totalSize: damaged.readableBytes))
        damaged.setInteger(crc, at: damaged.readerIndex + 17)
        _ = try partition.append(damaged)
        try PipelineFixture.append(events[1100...], to: log, codecs: [.gzip])

        let metrics = try await PipelineServiceTests.run(config, log: log, clock: ManualClock()) { service in
            try await PipelineServiceTests.caughtUp(service)
        }
        let letters = try PipelineFixture.deadLetters(log)
        #expect(letters.count == 1)
        #expect(letters.first?[DeadLetterWriter.errorHeader] == KafkaClientError.Code.corruptCompressedData.description)
        #expect(letters.first?[DeadLetterWriter.offsetHeader] == String(damagedFirst))
        #expect(letters.first?[DeadLetterWriter.detailHeader]?.contains("\(damagedFirst)...\(damagedFirst + 99)") == true)
        #expect(metrics.deadLetters == 100)
        // The other batches' windows are exactly those of the events that remain.
        let kept = Array(events[..<1000] + events[1100...])
        #expect(PipelineFixture.differences(try PipelineFixture.committedWindows(config), PipelineFixture.reference(kept)) == [])
    }
}
