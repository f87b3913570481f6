/// Thrown when a condition a test waits for does not come true in time.
public struct ConditionTimeout: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "timed out waiting for \(what)" }
}

/// Waits, with a deadline, until `condition` holds: tests wait on conditions, never on sleeps
/// of a guessed length (DESIGN §7).
public func eventually(
    _ what: String = "condition", timeout: Duration = .seconds(60), _ condition: () -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw ConditionTimeout(what: what) }
        try await Task.sleep(for: .microseconds(200))
    }
}
