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

/// Runs `body` with `service.run()` going in the background of a task group, then cancels it.
func withRunning<T: Sendable>(
    _ runs: [@Sendable () async throws -> Void], _ body: () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for run in runs { group.addTask { try await run() } }
        defer { group.cancelAll() }
        return try await body()
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
