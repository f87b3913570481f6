import ArgumentParser
import Foundation
import LogStore
import RivuletApp

/// Hidden: the durability probe the crash tests kill at random (see `LogWriterWorkload`).
struct LogWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_log-writer", abstract: "Append probe batches and print `ack OFFSET` once durable.",
        shouldDisplay: false)

    @Option var dir: String
    @Option var count: Int?
    @Option(help: "group-commit | always") var fsync = "group-commit"

    func run() async throws {
        var settings = LogStoreConfiguration(directory: dir)
        settings.fsync = fsync == "always" ? .always : .groupCommit
        settings.topicDefaults.segmentBytes = 64 << 10  // many rolls: recovery crosses segments
        let store = try LogStore.open(settings)
        let workload = try LogWriterWorkload(store: store)
        try await workload.run(count: count) { offset in
            FileHandle.standardOutput.write(Data("ack \(offset.rawValue)\n".utf8))
        }
        try store.close()
    }
}
