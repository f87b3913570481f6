import Foundation
import Lakehouse
import LogStore
import Logging
import RivuletApp
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import StreamEngine
import TestSupport
import Testing

/// End to end in-process: seed-000 JSON in an embedded log → PipelineService (ManualClock) →
/// Delta table, latest.json and the dead-letter topic, checked against a brute-force reference.
@Suite(.serialized) struct PipelineServiceTests {
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Runs the pipeline in a ServiceGroup while `body` drives it, then shuts it down:
    /// gracefully (final checkpoint) or by cancellation (as a crash: no final checkpoint).
    static func run(
        _ config: RivuletConfiguration, log: LogStore, clock: ManualClock, graceful: Bool = true,
        _ body: (PipelineService<ManualClock>) async throws -> Void
    ) async throws -> PipelineMetrics {
        let service = try PipelineService(
            pipeline: config.pipelines[0], config: config, log: log, clock: clock, wallClock: clock, logger: quiet)
        let group = ServiceGroup(services: [service], logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body(service)
            if graceful {
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            } else {
                tasks.cancelAll()
                try? await tasks.waitForAll()
            }
        }
        return service.metrics.current
    }

    static func caughtUp(_ service: PipelineService<ManualClock>) async throws {
        try await eventually("pipeline caught up", timeout: .seconds(60)) { service.metrics.current.lag == 0 && service.metrics.current.inputEvents > 0 }
    }

    @Test func finalWindowsLatestDocumentAndDeadLetters() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = PipelineFixture.config(dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        let events = PipelineFixture.events(4000)
        try PipelineFixture.append(events[...], to: log)
        let clock = ManualClock()
        let metrics = try await Self.run(config, log: log, clock: clock) { service in
            try await Self.caughtUp(service)
            clock.advance(by: .milliseconds(200))  // a live tick
            try await eventually("latest.json") { FileManager.default.fileExists(atPath: dir.path + "/aggregates/latest.json") }
        }
        let reference = PipelineFixture.reference(events)
        #expect(reference.count > 100)
        let committed = try PipelineFixture.committedWindows(config)
        #expect(PipelineFixture.differences(committed, reference) == [])
        #expect(metrics.windowsCommitted == Int64(reference.count))

        let malformed = events.filter { $0.device == nil }.count
        let letters = try PipelineFixture.deadLetters(log)
        #expect(malformed > 0 && letters.count == malformed)
        #expect(metrics.deadLetters == Int64(malformed))
        for headers in letters {
            #expect(headers[DeadLetterWriter.errorHeader] != nil)
            #expect(headers[DeadLetterWriter.topicHeader] == "iot-metrics")
            #expect(headers[DeadLetterWriter.partitionHeader] == "0")
            #expect(headers[DeadLetterWriter.offsetHeader].flatMap { Int64($0) } != nil)
        }
        #expect(letters.contains { $0[DeadLetterWriter.errorHeader] == "missing-required-field" && $0[DeadLetterWriter.fieldHeader] != nil })

        let data = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/aggregates/latest.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["updated_at"] is NSNumber)
        let records = try #require(document["records"] as? [[String: Any]])
        #expect(!records.isEmpty)
        #expect(Set(records[0].keys) == ["window_start", "window_end", "device_id", "count", "avg_temperature", "avg_humidity", "min_battery", "max_battery"])

        // Late events are in their table, not dropped.
        #expect(metrics.lateEvents > 0)
        let lateName = try #require(config.pipelines[0].lateEvents?.table)
        let lateTable = DeltaTable(path: LakeTables(config).root + "/" + lateName)
        #expect(try lateTable.readRows().count == Int(metrics.lateEvents))
    }

    @Test func restartAfterCrashCommitsEveryWindowOnce() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = PipelineFixture.config(dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        let events = PipelineFixture.events(6000, seed: 7)
        try PipelineFixture.append(events[..<3000], to: log)
        let clock = ManualClock()
        // First run: a checkpoint after the first half, then more data, then a crash.
        _ = try await Self.run(config, log: log, clock: clock, graceful: false) { service in
            try await Self.caughtUp(service)
            clock.advance(by: .seconds(1))
            try await eventually("a checkpoint") { service.metrics.current.checkpoints >= 1 }
            try PipelineFixture.append(events[3000..<4500], to: log)
            try await Self.caughtUp(service)
        }
        let afterCrash = try PipelineFixture.committedWindows(config)
        #expect(!afterCrash.isEmpty)
        // Second run replays from the checkpoint.
        try PipelineFixture.append(events[4500...], to: log)
        _ = try await Self.run(config, log: log, clock: clock) { service in try await Self.caughtUp(service) }
        let committed = try PipelineFixture.committedWindows(config)
        #expect(PipelineFixture.differences(committed, PipelineFixture.reference(events)) == [])
        // A third run with nothing new commits nothing twice.
        _ = try await Self.run(config, log: log, clock: clock) { _ in }
        #expect(try PipelineFixture.committedWindows(config).count == committed.count)
    }

    @Test func changedWindowSizeIsRefusedWithTheResetCommand() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = PipelineFixture.config(dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        try PipelineFixture.append(PipelineFixture.events(500)[...], to: log)
        let clock = ManualClock()
        _ = try await Self.run(config, log: log, clock: clock) { service in try await Self.caughtUp(service) }
        let changed = PipelineFixture.config(dataDir: dir.path, windowSize: .seconds(20))
        let service = try PipelineService(
            pipeline: changed.pipelines[0], config: changed, log: log, clock: clock, wallClock: clock, logger: Self.quiet)
        do {
            try await service.checkCheckpoint()
            Issue.record("a changed window size was accepted")
        } catch let error as StreamEngineError {
            #expect(error.code == .incompatibleCheckpoint)
            #expect(error.isUsageError)
            #expect(error.message.contains("rivulet clean --checkpoints --pipeline iot-aggregates"))
        }
        await #expect(throws: StreamEngineError.self) { try await service.run() }
    }

    @Test func unsupportedPipelinesAreUsageErrors() throws {
        var config = PipelineFixture.config(dataDir: "/nonexistent")
        config.pipelines[0].filter = "temperature >"
        #expect(throws: RivuletError.self) { try EnginePipeline(config.pipelines[0]) }
        config.pipelines[0].filter = "temperature > 20 and status == 'ok'"
        config.pipelines[0].deduplicate = DeduplicateConfiguration(key: ["device_id"], within: .seconds(10))
        #expect(throws: RivuletError.self) { try EnginePipeline(config.pipelines[0]) }
        config.pipelines[0].deduplicate = nil
        config.pipelines[0].select = [SelectColumn("d", "median(temperature)")]
        #expect(throws: RivuletError.self) { try EnginePipeline(config.pipelines[0]) }
        config.pipelines[0].select = [SelectColumn("d", "date(window_start)")]
        guard case .windowed(let definition, let select) = try EnginePipeline(config.pipelines[0]) else {
            Issue.record("not windowed")
            return
        }
        #expect(definition.filter?.anyOf.first?.count == 2)
        #expect(select == [SelectItem("d", .date("window_start"))])
        var seed000 = PipelineDefinition.seed000()
        seed000.liveEvery = .milliseconds(25)  // the default preset's page updates
        #expect(try PipelineDefinition(PipelineFixture.config(dataDir: "/x").pipelines[0]) == seed000)
    }
}
