import Dashboard
import Foundation
import LogStore
import TestSupport
import Testing

@testable import RivuletApp

@Suite struct AppDashboardDataSourceTests {
    @Test func watcherRereadsTheSnapshotWhenItIsReplaced() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("latest.json")
        let watcher = SnapshotWatcher(path: path)
        #expect(watcher.current == nil)
        #expect(watcher.check() == nil)
        try Data(#"{"updated_at": 1, "records": []}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(watcher.check() == Array(#"{"updated_at": 1, "records": []}"#.utf8))
        #expect(watcher.check() == nil, "an unchanged file is not re-read")
        // Replaced by rename, as the snapshot sink does: a new inode even if size and mtime match.
        try Data(#"{"updated_at": 2, "records": []}"#.utf8).write(to: URL(fileURLWithPath: path + ".tmp"))
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
        #expect(watcher.check() == Array(#"{"updated_at": 2, "records": []}"#.utf8))
        #expect(watcher.current == Array(#"{"updated_at": 2, "records": []}"#.utf8))
    }

    @Test func topicBrowserShowsOffsetsAndTheLastMessages() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = PipelineFixture.config(dataDir: dir.path + "/data")
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        let events = PipelineFixture.events(250, seed: 7)
        try PipelineFixture.append(events[...], to: log)
        let source = AppDashboardDataSource(snapshot: SnapshotWatcher(path: dir.file("none.json")), lake: nil, log: log)
        let topic = try #require(await source.topics()?.first { $0.name == "iot-metrics" })
        #expect(topic.partitions.first { $0.partition == 0 }?.highWatermark == 250)
        let messages = try await source.messages(topic: "iot-metrics", partition: 0, limit: 20)
        #expect(messages.map(\.offset) == Array(230..<250))
        #expect(messages.last?.value == String(decoding: events[249].value, as: UTF8.self))
        await #expect(throws: DashboardError.self) { try await source.messages(topic: "nope", partition: 0, limit: 1) }
    }

    @Test func dashboardModeHasNoTopics() async throws {
        let source = AppDashboardDataSource(snapshot: SnapshotWatcher(path: "/nonexistent/latest.json"), lake: nil)
        #expect(await source.topics() == nil)
        #expect(await source.latestDocument() == nil)
    }

    @Test func exposureWarningOnlyWithoutTokenOffLoopback() {
        var server = DashboardServerConfiguration()
        #expect(DashboardRunner.exposureWarning(server) == nil)
        server.host = "0.0.0.0"
        #expect(DashboardRunner.exposureWarning(server)?.contains("anyone on the network") == true)
        server.token = "t"
        #expect(DashboardRunner.exposureWarning(server) == nil)
    }
}
