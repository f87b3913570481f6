import Foundation
import KafkaProtocol
import NIOCore
import RivuletCore
import TestSupport
import Testing

@testable import LogStore

/// Damages segments, indexes and metadata at random and checks that opening either
/// recovers to the last valid batch or fails with a LogStoreError naming the file.
@Suite struct CorruptionTests {
    func makePristine(_ dir: String) throws -> Int64 {
        var settings = LogStoreConfiguration(directory: dir)
        settings.fsync = .none
        settings.indexIntervalBytes = 256
        let store = try LogStore.open(settings)
        var topic = LogTopicConfiguration()
        topic.segmentBytes = 4_000
        try store.createTopic("c", partitions: 1, configuration: topic)
        let log = try #require(store.partition("c", 0))
        for i in 0..<60 { _ = try log.append(BatchFixtures.batch(records: 1 + i % 4, valueSize: 60, timestamp: Int64(i), seed: UInt64(i))) }
        try store.consumerOffsets.commit(group: "g", offsets: [("c", 0, CommittedOffset(offset: Offset(5), commitTimestamp: Timestamp(milliseconds: 1)))])
        let end = log.logEndOffset.rawValue
        try store.close()
        return end
    }

    @Test func randomDamageNeverCrashesAndIsReportedOrRecovered() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let pristine = root.file("pristine")
        let originalEnd = try makePristine(pristine)
        let files = try FileManager.default.subpathsOfDirectory(atPath: pristine).filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: pristine + "/" + $0, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }
        var generator = SystemRandomNumberGenerator()
        var recovered = 0
        var reported = 0
        for round in 0..<150 {
            let work = root.file("round\(round)")
            try FileManager.default.copyItem(atPath: pristine, toPath: work)
            let victim = work + "/" + files.randomElement(using: &generator)!
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: victim)))
            if bytes.isEmpty { continue }
            if Bool.random(using: &generator) {
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &generator))
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: victim))
            var settings = LogStoreConfiguration(directory: work)
            settings.fsync = .none
            do {
                let store = try LogStore.open(settings)
                if let log = store.partition("c", 0) {
                    #expect(log.logEndOffset.rawValue <= originalEnd)
                    try readEverything(log)
                }
                try store.close()
                recovered += 1
            } catch let error as LogStoreError {
                #expect(error.message.contains(work), "the error must name the damaged file: \(error)")
                reported += 1
            }
            try FileManager.default.removeItem(atPath: work)
        }
        #expect(recovered > 0)
    }

    /// Reads the partition end to end; a read may report damage but must not trap.
    func readEverything(_ log: PartitionLog) throws {
        var next = log.logStartOffset.rawValue
        while next < log.logEndOffset.rawValue {
            let read: LogReadResult
            do { read = try log.read(from: Offset(next), maxBytes: 4096) } catch let error as LogStoreError {
                #expect(error.code == .corruptSegment)
                return
            }
            var last = next - 1
            var at = read.records.readerIndex
            while let header = RecordBatchHeader.peek(read.records, at: at) {
                last = header.lastOffset
                at += header.totalSize
            }
            guard last >= next else { return }
            next = last + 1
        }
    }

    @Test func tornTailIsTruncatedToTheLastWholeBatch() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let end = try makePristine(root.path)
        let directory = root.path + "/c-0"
        let tail = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".log") }.sorted().last!
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: directory + "/" + tail))
        let size = try handle.seekToEnd()
        try handle.truncate(atOffset: size - 7)  // cut into the last batch
        try handle.close()
        let store = try LogStore.open(LogStoreConfiguration(directory: root.path))
        let log = try #require(store.partition("c", 0))
        #expect(log.logEndOffset.rawValue < end)
        #expect(log.logEndOffset.rawValue >= end - 4)  // only the last batch (≤ 4 records) is lost
        // Appending continues from the recovered end.
        let result = try log.append(BatchFixtures.batch(records: 1, valueSize: 5, timestamp: 1))
        #expect(result.baseOffset == log.logEndOffset + -1)
        try store.close()
    }
}
