import Dashboard
import Foundation
import Lakehouse
import LogStore
import RivuletConfig
import StreamEngine
import TestSupport
import Testing

@testable import RivuletApp

/// What a running pipeline tells the dashboard besides `latest.json`: live ok/warn/error
/// counts per window (kept across a restart), lag per partition and the last lake commit.
@Suite(.serialized) struct PipelineHealthTests {
    static let statuses = ["ok", "warn", "error"]

    /// In-order events of 8 devices every 50 ms of event time with random statuses.
    static func events(_ count: Int, seed: UInt64 = 3) -> [PipelineFixture.Event] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { i in
            let ts = PipelineFixture.t0 + Int64(i) * 50
            let device = "device-\(i % 8)"
            let status = statuses[Int.random(in: 0..<3, using: &rng)]
            let json = "{\"device_id\":\"\(device)\",\"ts\":\(ts),\"temperature\":21.5,\"humidity\":40.0,"
                + "\"battery\":50.0,\"status\":\"\(status)\",\"location\":\"lab\"}"
            return PipelineFixture.Event(value: Array(json.utf8), device: device, ts: ts, temperature: 21.5, battery: 50)
        }
    }

    /// Status counts of the windows still open (end above the watermark, max ts − 1 min), by start.
    static func openWindowCounts(_ events: [PipelineFixture.Event]) -> [Int64: [Int64]] {
        let watermark = (events.map(\.ts).max() ?? 0) - 60_000
        var counts: [Int64: [Int64]] = [:]
        for e in events {
            let start = e.ts / 10_000 * 10_000
            guard start + 10_000 > watermark else { continue }
            let text = String(decoding: e.value, as: UTF8.self)
            let status = statuses.firstIndex { text.contains("\"status\":\"\($0)\"") }!
            counts[start, default: [0, 0, 0]][status] += 1
        }
        return counts
    }

    static func liveCounts(_ service: PipelineService<ManualClock>) -> [Int64: [Int64]] {
        var out: [Int64: [Int64]] = [:]
        for w in service.statusCounts?.current ?? [] { out[w.startMilliseconds] = w.counts }
        return out
    }

    @Test func statusCountsLagAndLastCommitReachTheDashboard() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = PipelineFixture.config(dataDir: dir.path)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        let events = Self.events(2000)
        try PipelineFixture.append(events[..<1600], to: log)
        let clock = ManualClock()

        let first = try await PipelineServiceTests.run(config, log: log, clock: clock) { service in
            try await PipelineServiceTests.caughtUp(service)
            clock.advance(by: .milliseconds(200))  // a live tick
            let expected = Self.openWindowCounts(Array(events[..<1600]))
            try await eventually("status counts") { Self.liveCounts(service) == expected }
            let source = AppDashboardDataSource(
                snapshot: SnapshotWatcher(path: dir.file("none.json")), lake: nil, pipelines: [service.readout])
            let status = try #require(await source.statusCounts().first)
            #expect(status.pipeline == "iot-aggregates")
            let newest = try #require(expected.keys.max())
            #expect(
                status.windows.last
                    == DashboardStatusWindow(
                        windowStart: ISO8601Text.format(milliseconds: newest),
                        windowEnd: ISO8601Text.format(milliseconds: newest + 10_000), ok: expected[newest]![0],
                        warn: expected[newest]![1], error: expected[newest]![2]))
            let health = try #require(await source.pipelines().first)
            #expect(health.partitions.map(\.lag) == [0])
            #expect(health.partitions.first?.logEndOffset == 1600)
        }
        // After the final checkpoint: nothing behind, the checkpoint at the log end, a commit known.
        #expect(first.partitions.count == 1)
        #expect(first.partitions.first?.lag == 0)
        #expect(first.partitions.first?.committedOffset == 1600)
        let table = DeltaTable(path: LakeTables(config).root + "/iot_window_agg")
        let commit = try #require(first.lastLakeCommit)
        #expect(commit.table == "iot_window_agg")
        #expect(commit.version == (try table.snapshot().version))
        #expect(commit.atMilliseconds == clock.wallTime().milliseconds)

        // A restart restores the counts of windows that were open: they still cover every event.
        try PipelineFixture.append(events[1600...], to: log)
        _ = try await PipelineServiceTests.run(config, log: log, clock: clock) { service in
            try await PipelineServiceTests.caughtUp(service)
            clock.advance(by: .milliseconds(200))
            let expected = Self.openWindowCounts(events)
            #expect(expected.keys.min()! < events[1600].ts, "an open window holds events of both runs")
            try await eventually("status counts after restart") { Self.liveCounts(service) == expected }
            #expect(service.metrics.current.partitions.first?.committedOffset == 1600)
        }
    }

    @Test func noStatusFieldNoStatusCounts() throws {
        var definition = PipelineDefinition.seed000()
        let view = try #require(StatusCountView.definition(for: definition))
        #expect(view.aggregates.map(\.name) == ["status_ok", "status_warn", "status_error"])
        #expect(view.aggregates.first?.function == .countIf(Condition(field: "status", .equal, .string("ok"))))
        definition.schema.fields.removeAll { $0.name == "status" }
        #expect(StatusCountView.definition(for: definition) == nil)
    }
}
