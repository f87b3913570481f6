/// How long to wait before reconnecting to a broker after `failures` consecutive failed
/// attempts: exponential from `base`, capped at `max`, with ±20 % jitter so that many clients
/// do not reconnect in lockstep. Pure; the cluster keeps the failure counts.
struct ReconnectBackoff: Sendable {
    var base: Duration
    var max: Duration

    func delay(afterFailures failures: Int, jitter unit: Double = 0.5) -> Duration {
        guard failures > 0 else { return .zero }
        let exponent = Swift.min(failures - 1, 20)
        let raw = base * (1 << exponent)
        let capped = raw > max ? max : raw
        let factor = 0.8 + 0.4 * Swift.min(Swift.max(unit, 0), 1)
        return capped * factor
    }
}
