import Foundation
import KafkaClient
import Logging
import Testing

/// Integration tests run against the broker named by `RIVULET_TEST_BOOTSTRAP` (host:port on
/// 127.0.0.1; Tansu today, our own broker later) and are skipped with a printed reason when
/// it is unset.
enum IntegrationBroker {
    static let bootstrap: String? = {
        let value = ProcessInfo.processInfo.environment["RIVULET_TEST_BOOTSTRAP"]
        if value == nil || value?.isEmpty == true {
            print("KafkaClient integration tests skipped: set RIVULET_TEST_BOOTSTRAP=127.0.0.1:PORT to run them against a broker")
            return nil
        }
        return value
    }()

    static var isAvailable: Bool { bootstrap != nil }

    /// Set `RIVULET_TEST_BROKER=tansu` when the broker is Tansu 0.6, whose in-memory engine
    /// deviates from Kafka in ways these tests would otherwise report (checked independently
    /// with kafka-python and confluent-kafka): ListOffsets "latest" answers the last batch's
    /// base offset + 1, ListOffsets by timestamp ignores record timestamps, and DescribeGroups
    /// returns no protocol name or member assignments. Those assertions are skipped, with a note.
    static let isTansu = ProcessInfo.processInfo.environment["RIVULET_TEST_BROKER"]?.lowercased() == "tansu"

    static func skipOnTansu(_ what: String) -> Bool {
        if isTansu { print("skipped on Tansu (known broker limitation): \(what)") }
        return isTansu
    }

    static func clientConfiguration() throws -> KafkaClientConfiguration {
        var configuration = try KafkaClientConfiguration(bootstrap: bootstrap ?? "127.0.0.1:9")
        configuration.requestTimeout = .seconds(20)
        configuration.clientID = "rivulet-tests"
        return configuration
    }

    static var logger: Logger {
        var logger = Logger(label: "kafka-client-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["RIVULET_TEST_LOG"] == "debug" ? .debug : .warning
        return logger
    }

    /// A topic name no other test (or earlier run against the same broker) uses.
    static func uniqueTopic(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// Runs `body` with each `run()` going in a child task. `body` closes the clients; then the
/// runs are awaited so that closing (commit, LeaveGroup, flush) completes. On error they are cancelled.
func withRunning<T: Sendable>(
    _ runs: [@Sendable () async throws -> Void], _ body: () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for run in runs { group.addTask { try await run() } }
        do {
            let value = try await body()
            try await group.waitForAll()
            return value
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Fails the test when `operation` takes longer than `seconds`: network tests never hang.
func withDeadline<T: Sendable>(
    seconds: Int, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw DeadlineExceeded(what: what, seconds: seconds)
        }
        return value
    }
}

struct DeadlineExceeded: Error, CustomStringConvertible {
    let what: String
    let seconds: Int
    var description: String { "\(what) did not finish within \(seconds) s" }
}
