import RivuletCore
import ServiceLifecycle
import TestSupport
import Testing
import Logging

@testable import LogStore

@Suite struct LogStoreServiceTests {
    @Test func retentionRunsOnTheClockAndShutdownClosesTheLog() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = ManualClock(epoch: Timestamp(milliseconds: 10_000_000))
        var settings = LogStoreConfiguration(directory: dir.path)
        settings.fsync = .none
        let store = try LogStore.open(settings, clock: clock)
        var topic = LogTopicConfiguration()
        topic.segmentBytes = 1_000
        topic.retentionMilliseconds = 60_000
        try store.createTopic("r", partitions: 1, configuration: topic)
        let log = try #require(store.partition("r", 0))
        for i in 0..<30 { _ = try log.append(BatchFixtures.batch(records: 1, valueSize: 100, timestamp: 10_000_000 + Int64(i))) }
        let segments = log.segmentCount
        #expect(segments > 2)
        let service = LogStoreService(store: store, clock: clock, retentionCheckInterval: .seconds(300), logger: Logger(label: "test"))
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await eventually("the service to sleep") { clock.sleeperCount > 0 }
            clock.advance(by: .seconds(300))  // past retention, and one check interval
            try await eventually("retention") { log.segmentCount == 1 }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(throws: LogStoreError.self) { try log.append(BatchFixtures.batch(records: 1, valueSize: 1, timestamp: 1)) }
    }
}
