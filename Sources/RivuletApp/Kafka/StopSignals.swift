import UnixSignals

/// Runs `body` while trapping SIGINT and SIGTERM: the first signal calls `stop` (the body then
/// winds down on its own: commit, flush, leave the group), a second one cancels the body.
///
/// The CLI's Kafka commands handle signals here rather than through a `ServiceGroup`'s
/// graceful shutdown because the order matters: `consume` must commit what it printed
/// *before* the consumer leaves its group, and `produce` must stop generating before the
/// producer stops accepting records; a group would close the client concurrently.
func withStopSignals<T: Sendable>(
    stop: @escaping @Sendable () async -> Void, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            var seen = 0
            for await _ in signals {
                seen += 1
                if seen == 1 { await stop() } else { throw CancellationError() }
            }
            return nil
        }
        defer { group.cancelAll() }
        while let next = try await group.next() {
            if let result = next { return result }
        }
        throw CancellationError()
    }
}
