import Foundation
import KafkaProtocol
import NIOCore
import RivuletApp
import RivuletCore
import TestSupport
import Testing

import LogStore

/// Kills a real writer process (`rivulet _log-writer`) with SIGKILL at random moments and
/// checks after each restart that every acknowledged offset reads back exactly, offsets are
/// contiguous, and no partial batch is visible.
@Suite(.serialized) struct CrashRecoveryTests {
    static var executable: String? {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        for configuration in ["debug", "release"] {
            let path = url.appendingPathComponent(".build/\(configuration)/rivulet").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @Test(arguments: ["group-commit", "always"])
    func acknowledgedRecordsSurviveSIGKILL(fsync: String) async throws {
        let executable = try #require(Self.executable, "build the rivulet executable first (swift build)")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var generator = SystemRandomNumberGenerator()
        var maxAcknowledged: Int64 = -1
        for _ in 0..<(fsync == "always" ? 10 : 20) {
            let acknowledged = try await runAndKill(
                // --count bounds each round's log growth even if this task is slow to wake.
                executable, arguments: ["_log-writer", "--dir", dir.path, "--fsync", fsync, "--count", "150"],
                after: .milliseconds(Int64.random(in: 30...250, using: &generator)))
            maxAcknowledged = max(maxAcknowledged, acknowledged ?? -1)
            try verify(dir.path, acknowledgedThrough: maxAcknowledged)
        }
        #expect(maxAcknowledged > 0, "the writer acknowledged nothing in 20 rounds")
    }

    /// Starts the writer, kills it with SIGKILL after `delay`, and returns the highest
    /// offset it printed as acknowledged before dying.
    func runAndKill(_ executable: String, arguments: [String], after delay: Duration) async throws -> Int64? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // Only whole lines count: a line cut by the kill was never fully reported.
        return output.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { $0.hasPrefix("ack ") && output.contains($0 + "\n") }
            .compactMap { Int64($0.dropFirst(4)) }.max()
    }

    func verify(_ directory: String, acknowledgedThrough last: Int64) throws {
        var settings = LogStoreConfiguration(directory: directory)
        settings.fsync = .none
        let store = try LogStore.open(settings)
        defer { try? store.close() }
        guard let log = store.partition(LogWriterWorkload.topic, 0) else {
            #expect(last < 0, "acknowledged records but the topic is gone")
            return
        }
        #expect(log.logEndOffset.rawValue > last, "acknowledged offset \(last) is missing; log ends at \(log.logEndOffset)")
        var next: Int64 = 0
        while next < log.logEndOffset.rawValue {
            let read = try log.read(from: Offset(next), maxBytes: 1 << 20)
            var sequence = RecordBatchSequence(read.records)
            while let batch = try sequence.next() {
                for record in try batch.records() {
                    let offset = batch.baseOffset + Int64(record.offsetDelta)
                    #expect(offset == next, "offsets are not contiguous")
                    #expect(record.value == LogWriterWorkload.value(at: offset), "offset \(offset) reads back different bytes")
                    next = offset + 1
                }
            }
        }
    }
}
