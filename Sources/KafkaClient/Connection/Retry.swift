/// Runs `operation` until it succeeds, it fails with an error that is not retriable, or
/// `attempts` are used up, sleeping `backoff` (doubling, capped at 1 s) on the injected clock
/// between tries. `onRetry` lets the caller refresh metadata or forget a coordinator.
func withRetries<T: Sendable>(
    attempts: Int, backoff: Duration, clock: any Clock<Duration>,
    onRetry: (KafkaClientError) async -> Void = { _ in },
    _ operation: () async throws(KafkaClientError) -> T
) async throws(KafkaClientError) -> T {
    var delay = backoff
    var attempt = 1
    while true {
        do {
            return try await operation()
        } catch {
            guard error.isRetriable, attempt < attempts else { throw error }
            attempt += 1
            await onRetry(error)
            do {
                try await sleep(on: clock, for: delay)
            } catch {
                throw KafkaClientError(.closed, "cancelled while waiting to retry", cause: error)
            }
            delay = min(delay * 2, .seconds(1))
        }
    }
}
