import RivuletCore
import Simulation

/// A start time on a Monday at 00:00 UTC (2024-11-04), so day-of-week logic is predictable.
let mondayMidnightUTC = Timestamp(milliseconds: 1_730_678_400_000)

/// Runs a generator over `count` calls, devices in turn, `stepMilliseconds` apart.
func generate<G: EventGenerator>(
    _ generator: inout G, count: Int, start: Timestamp = mondayMidnightUTC, stepMilliseconds: Int64 = 250
) -> [SimulatedEvent] {
    (0..<count).map { index in
        generator.nextEvent(
            device: index % generator.devices,
            at: Timestamp(milliseconds: start.milliseconds + Int64(index) * stepMilliseconds))
    }
}

/// Parses an event's value, failing the test with the text on error.
func parsed(_ event: SimulatedEvent) throws -> TestJSON {
    try TestJSON.parse(event.value)
}

extension TestJSON {
    func double(_ key: String) -> Double { self[key]?.doubleValue ?? .nan }
    func string(_ key: String) -> String { self[key]?.stringValue ?? "" }
}

func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
}
