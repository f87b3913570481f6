import Foundation
import LogStore
import RivuletApp
import RivuletConfig
import RivuletCore
import TestSupport
import Testing

/// Kills a real `rivulet process` with SIGKILL at random moments while data keeps arriving,
/// then lets it finish with SIGTERM: the union of committed windows in the Delta table must
/// equal the brute-force reference, nothing missing and nothing twice, and no round may leave
/// a window committed twice.
@Suite(.serialized) struct PipelineCrashTests {
    static let yaml = """
        data_dir: DATA
        broker: { fsync: none }
        topics: [ { name: iot-metrics, partitions: 1 } ]
        lake: { flush_interval: 150ms }
        pipelines:
          - name: iot-aggregates
            source: { topic: iot-metrics, format: json, schema: iot }
            event_time: { field: ts, unit: ms, watermark_delay: 1m }
            window: { kind: tumbling, size: 10s }
            group_by: [device_id]
            aggregates: { count: count(), avg_temperature: avg(temperature), avg_humidity: avg(humidity), min_battery: min(battery), max_battery: max(battery) }
            checkpoint_interval: 150ms
            sinks:
              - { kind: snapshot, path: aggregates/latest.json }
              - { kind: delta, table: iot_window_agg, partition_by: [device_id] }
        """

    @Test func committedWindowsSurviveSIGKILL() async throws {
        let executable = try #require(CrashRecoveryTests.executable, "build the rivulet executable first (swift build)")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let configPath = dir.path + "/rivulet.yml"
        try Self.yaml.replacingOccurrences(of: "DATA", with: dir.path + "/data").write(toFile: configPath, atomically: true, encoding: .utf8)
        let config = PipelineFixture.config(dataDir: dir.path + "/data", checkpointInterval: .milliseconds(150))
        let rounds = 12
        let perRound = 2500
        let events = PipelineFixture.events(rounds * perRound, seed: 2026)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<rounds {
            let log = try LogStore.open(for: config)
            try PipelineFixture.append(events[(round * perRound)..<((round + 1) * perRound)], to: log)
            try log.close()
            let process = try Self.start(executable, config: configPath, output: dir.path + "/out-\(round).txt")
            try await Task.sleep(for: .milliseconds(Int64.random(in: 100...1500, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let committed = try PipelineFixture.committedWindows(config)
            #expect(Set(committed.map(\.key)).count == committed.count, "round \(round): a window was committed twice")
        }
        #expect(try !PipelineFixture.committedWindows(config).isEmpty, "the killed runs committed nothing")
        // A last run drains everything and stops gracefully with a final checkpoint.
        let output = dir.path + "/out-final.txt"
        let process = try Self.start(executable, config: configPath, output: output)
        try await eventually("the pipeline caught up", timeout: .seconds(120)) {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").contains { $0.hasSuffix(", lag 0") && !$0.contains(" 0 events,") }
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let committed = try PipelineFixture.committedWindows(config)
        let reference = PipelineFixture.reference(events)
        #expect(reference.count > 500)
        #expect(PipelineFixture.differences(committed, reference) == [])
    }

    static func start(_ executable: String, config: String, output: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["process", "--config", config, "--status-every", "1"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
