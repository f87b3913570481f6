/// Which faults `FaultInjector` injects, as fractions of the events the generator produces.
///
/// The kinds exclude each other: one draw per generated event picks late, out-of-order,
/// duplicate, malformed or none, so the ratios must sum to at most 1 and each is the expected
/// share of generated events (a duplicate adds one copy after a clean original).
public struct FaultConfiguration: Hashable, Sendable {
    /// Share of events stamped with an earlier event time, up to `lateMax` before now.
    public var lateRatio = 0.0
    public var lateMax: Duration = .seconds(300)
    /// Share of events held back and sent after 1…`outOfOrderWindow` later events.
    public var outOfOrderRatio = 0.0
    public var outOfOrderWindow = 8
    /// Share of events sent twice (same key, same bytes).
    public var duplicateRatio = 0.0
    /// Share of events broken in one of the `MalformedKind` ways, chosen uniformly.
    public var malformedRatio = 0.0
    /// Size of the text that replaces a field in an `oversizedValue` event.
    public var oversizedBytes = 65_536

    public init(
        lateRatio: Double = 0, lateMax: Duration = .seconds(300), outOfOrderRatio: Double = 0,
        duplicateRatio: Double = 0, malformedRatio: Double = 0
    ) {
        self.lateRatio = lateRatio
        self.lateMax = lateMax
        self.outOfOrderRatio = outOfOrderRatio
        self.duplicateRatio = duplicateRatio
        self.malformedRatio = malformedRatio
    }

    /// No faults at all.
    public static let none = FaultConfiguration()

    public var isEmpty: Bool { lateRatio == 0 && outOfOrderRatio == 0 && duplicateRatio == 0 && malformedRatio == 0 }

    func validated() throws(SimulationError) -> FaultConfiguration {
        let ratios = [
            ("late ratio", lateRatio), ("out-of-order ratio", outOfOrderRatio),
            ("duplicate ratio", duplicateRatio), ("malformed ratio", malformedRatio),
        ]
        for (name, value) in ratios where !(value >= 0 && value <= 1) {
            throw SimulationError(.invalidParameter, "\(name) must be between 0 and 1, got \(value)")
        }
        let sum = ratios.reduce(0) { $0 + $1.1 }
        guard sum <= 1 + 1e-9 else {
            throw SimulationError(.invalidParameter, "the fault ratios add up to \(sum); together they can be at most 1")
        }
        guard lateMax > .zero || lateRatio == 0 else {
            throw SimulationError(.invalidParameter, "late max must be positive when late ratio is set")
        }
        guard outOfOrderWindow >= 1, outOfOrderWindow <= 10_000 else {
            throw SimulationError(.invalidParameter, "out-of-order window must be between 1 and 10000 events")
        }
        guard oversizedBytes >= 1_024, oversizedBytes <= 16 << 20 else {
            throw SimulationError(.invalidParameter, "oversized values must be between 1 KiB and 16 MiB")
        }
        return self
    }
}
