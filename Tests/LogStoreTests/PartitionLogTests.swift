import KafkaProtocol
import NIOCore
import RivuletCore
import TestSupport
import Synchronization
import Testing

@testable import LogStore

@Suite struct PartitionLogTests {
    func open(_ dir: TemporaryDirectory, clock: ManualClock = ManualClock(), configure: (inout LogStoreConfiguration) -> Void = { _ in }) throws -> LogStore {
        var configuration = LogStoreConfiguration(directory: dir.file("log"))
        configuration.fsync = .none
        configure(&configuration)
        return try LogStore.open(configuration, clock: clock)
    }

    @Test func appendAssignsContiguousOffsetsAndReadsBack() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try open(dir)
        try store.createTopic("t", partitions: 2)
        let log = try #require(store.partition("t", 1))
        var batches: [ByteBuffer] = []
        for i in 0..<10 {
            let batch = BatchFixtures.batch(records: i + 1, valueSize: 20, timestamp: 1000 + Int64(i), seed: UInt64(i))
            let result = try log.append(batch)
            #expect(result.baseOffset.rawValue == Int64(i * (i + 1) / 2))
            batches.append(batch)
        }
        #expect(log.logEndOffset == Offset(55))
        let read = try log.read(from: Offset(0), maxBytes: 1 << 20)
        let got = BatchFixtures.split(read.records)
        #expect(got.count == 10)
        for (i, (header, bytes)) in got.enumerated() {
            #expect(header.baseOffset == Int64(i * (i + 1) / 2))
            // Everything but the rewritten base offset is the producer's bytes.
            #expect(bytes.getSlice(at: 8, length: bytes.readableBytes - 8) == batches[i].getSlice(at: 8, length: batches[i].readableBytes - 8))
        }
        // A read from the middle of a batch starts with that batch.
        let middle = try log.read(from: Offset(12), maxBytes: 1)
        #expect(BatchFixtures.split(middle.records).first?.0.baseOffset == 10)
        #expect(try log.read(from: Offset(55), maxBytes: 100).records.readableBytes == 0)
        #expect(throws: LogStoreError.self) { try log.read(from: Offset(56), maxBytes: 100) }
        try store.close()
    }

    @Test func segmentsRollBySizeAndReopenKeepsEverything() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var topicConfig = LogTopicConfiguration()
        topicConfig.segmentBytes = 10_000
        do {
            let store = try open(dir) { $0.indexIntervalBytes = 512 }
            try store.createTopic("roll", partitions: 1, configuration: topicConfig)
            let log = try #require(store.partition("roll", 0))
            for i in 0..<200 { _ = try log.append(BatchFixtures.batch(records: 3, valueSize: 50, timestamp: Int64(i), seed: UInt64(i))) }
            #expect(log.segmentCount >= 4)
            try store.close()
        }
        let store = try open(dir) { $0.indexIntervalBytes = 512 }
        let log = try #require(store.partition("roll", 0))
        #expect(log.logEndOffset == Offset(600))
        #expect(store.topicConfiguration("roll")?.segmentBytes == 10_000)
        for offset in stride(from: 0, to: 600, by: 7) {
            let read = try log.read(from: Offset(Int64(offset)), maxBytes: 300)
            let first = try #require(BatchFixtures.split(read.records).first)
            #expect(first.0.baseOffset <= Int64(offset) && first.0.lastOffset >= Int64(offset))
        }
        // Timestamps 0..199, one per batch of 3 records.
        #expect(try log.offset(forTimestamp: Timestamp(milliseconds: 100))?.offset == Offset(300))
        #expect(try log.offset(forTimestamp: Timestamp(milliseconds: 1000)) == nil)
        #expect(log.maxTimestamp?.timestamp == Timestamp(milliseconds: 199))
        try store.close()
    }

    @Test func invalidBatchesAreRefusedWithoutWriting() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try open(dir)
        try store.createTopic("bad", partitions: 1)
        let log = try #require(store.partition("bad", 0))
        var corrupt = BatchFixtures.batch(records: 2, valueSize: 10, timestamp: 1)
        corrupt.setInteger(UInt8(0xFF), at: corrupt.writerIndex - 3)
        #expect(throws: LogStoreError.self) { try log.append(corrupt) }
        var truncated = BatchFixtures.batch(records: 2, valueSize: 10, timestamp: 1)
        truncated.moveWriterIndex(to: truncated.writerIndex - 5)
        #expect(throws: LogStoreError.self) { try log.append(truncated) }
        #expect(throws: LogStoreError.self) { try log.append(ByteBuffer(bytes: [1, 2, 3])) }
        #expect(log.logEndOffset == Offset(0))
        #expect(log.sizeInBytes == 0)
    }

    @Test func readersWaitForAppendsWithoutPolling() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try open(dir)
        try store.createTopic("wait", partitions: 1)
        let log = try #require(store.partition("wait", 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await log.waitForData(at: Offset(0)) }
            try await Task.sleep(for: .milliseconds(5))
            _ = try log.append(BatchFixtures.batch(records: 1, valueSize: 5, timestamp: 1))
            try await group.next()
        }
        // Already satisfied: returns at once.
        try await log.waitForData(at: Offset(0))
        // Cancellation ends a wait.
        let waiter = Task { try await log.waitForData(at: Offset(10)) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        try store.close()
    }

    @Test func groupCommitSharesFsyncsAcrossAppends() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try open(dir) { $0.fsync = .groupCommit }
        try store.createTopic("gc", partitions: 1)
        let log = try #require(store.partition("gc", 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    let result = try log.append(BatchFixtures.batch(records: 1, valueSize: 10, timestamp: Int64(i)))
                    try await log.waitUntilDurable(result.lastOffset)
                    #expect(log.durableOffset > result.lastOffset)
                }
            }
            try await group.waitForAll()
        }
        let rounds = store.flusher!.rounds.load(ordering: .relaxed)
        #expect(rounds >= 1 && rounds < 200)
        try store.close()
    }

    @Test func retentionBySizeAndTimeDeletesWholeSegments() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock(epoch: Timestamp(milliseconds: 1_000_000))
        var topicConfig = LogTopicConfiguration()
        topicConfig.segmentBytes = 2_000
        topicConfig.retentionMilliseconds = 60_000
        topicConfig.retentionBytes = 6_000
        let store = try open(dir, clock: clock)
        try store.createTopic("ret", partitions: 1, configuration: topicConfig)
        let log = try #require(store.partition("ret", 0))
        for i in 0..<60 { _ = try log.append(BatchFixtures.batch(records: 1, valueSize: 200, timestamp: 1_000_000 + Int64(i))) }
        let before = log.segmentCount
        try store.applyRetention()
        #expect(log.sizeInBytes <= 6_000 + 2_000)
        #expect(log.segmentCount < before)
        #expect(log.logStartOffset > Offset(0))
        #expect(throws: LogStoreError.self) { try log.read(from: Offset(0), maxBytes: 100) }
        clock.advance(by: .seconds(120))
        try store.applyRetention()
        #expect(log.segmentCount == 1)  // the active segment always stays
        #expect(try log.read(from: log.logStartOffset, maxBytes: 10_000).records.readableBytes > 0)
        try store.close()
    }

    @Test func diskFullDuringAppendLeavesTheLogReadable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let full = FaultSwitch()
        let store = try open(dir) { c in
            c.faultInjector = { point in if point == .append, full.isOn { throw LogStoreError.system("pwrite", errno: 28, path: "test") } }
        }
        try store.createTopic("full", partitions: 1)
        let log = try #require(store.partition("full", 0))
        _ = try log.append(BatchFixtures.batch(records: 2, valueSize: 10, timestamp: 1))
        full.isOn = true
        let error = #expect(throws: LogStoreError.self) { try log.append(BatchFixtures.batch(records: 2, valueSize: 10, timestamp: 2)) }
        #expect(error?.code == .diskFull)
        full.isOn = false
        #expect(log.logEndOffset == Offset(2))
        _ = try log.append(BatchFixtures.batch(records: 2, valueSize: 10, timestamp: 3))
        #expect(BatchFixtures.split(try log.read(from: Offset(0), maxBytes: 1 << 16).records).map(\.0.baseOffset) == [0, 2])
        try store.close()
    }

    @Test func topicsAreCreatedGrownAndDeleted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try open(dir)
        try store.createTopic("a.b_c-d", partitions: 1)
        #expect(throws: LogStoreError.self) { try store.createTopic("a.b_c-d", partitions: 1) }
        #expect(throws: LogStoreError.self) { try store.createTopic("bad/name", partitions: 1) }
        #expect(throws: LogStoreError.self) { try store.createTopic("zero", partitions: 0) }
        try store.createPartitions("a.b_c-d", totalCount: 4)
        #expect(store.partitions(of: "a.b_c-d")?.count == 4)
        #expect(throws: LogStoreError.self) { try store.createPartitions("a.b_c-d", totalCount: 2) }
        try store.deleteTopic("a.b_c-d")
        #expect(store.topicNames.isEmpty)
        try store.close()
        let reopened = try open(dir)
        #expect(reopened.topicNames.isEmpty)
    }
}

/// A failure a test turns on and off while the log runs.
final class FaultSwitch: Sendable {
    private let flag = Atomic<Bool>(false)
    var isOn: Bool {
        get { flag.load(ordering: .relaxed) }
        set { flag.store(newValue, ordering: .relaxed) }
    }
}
