import Synchronization

/// The bound address, for callers that started `run()` and need the port (port 0 in tests,
/// the CLI's "listening on" line). Waiters are resumed when the service binds or stops.
final class ListeningState: Sendable {
    private enum Phase {
        case starting([CheckedContinuation<BrokerEndpoint, any Error>])
        case listening(BrokerEndpoint)
        case stopped(any Error)
    }

    private let phase = Mutex(Phase.starting([]))

    func wait() async throws -> BrokerEndpoint {
        try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<BrokerEndpoint, any Error>? = phase.withLock { phase in
                switch phase {
                case .starting(var waiters):
                    waiters.append(continuation)
                    phase = .starting(waiters)
                    return nil
                case .listening(let endpoint): return .success(endpoint)
                case .stopped(let error): return .failure(error)
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    func listening(_ endpoint: BrokerEndpoint) {
        for waiter in transition(to: .listening(endpoint)) { waiter.resume(returning: endpoint) }
    }

    func stopped(_ error: any Error) {
        for waiter in transition(to: .stopped(error)) { waiter.resume(throwing: error) }
    }

    private func transition(to next: Phase) -> [CheckedContinuation<BrokerEndpoint, any Error>] {
        phase.withLock { phase in
            var waiters: [CheckedContinuation<BrokerEndpoint, any Error>] = []
            if case .starting(let parked) = phase { waiters = parked }
            phase = next
            return waiters
        }
    }
}
