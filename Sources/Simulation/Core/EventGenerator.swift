import RivuletCore

/// A deterministic source of one simulated stream (or, for the vehicle journey, several).
///
/// Generators are value types seeded by a `UInt64`: the same seed and the same sequence of
/// `nextEvent(device:at:)` calls give the same bytes. They do no I/O and read no clock; the
/// caller passes the processing time it read from its injected clock (or the schedule's due
/// time in tests). Times may go backwards (late events ask for an earlier time): generators
/// then stamp the earlier time but do not rewind their state.
public protocol EventGenerator: Sendable {
    /// Devices (users, sensors, vehicles) this generator simulates; `device` ranges over 0..<devices.
    var devices: Int { get }
    /// The topics this generator writes to, for creating them up front.
    var topics: [String] { get }
    /// The next event of `device` at processing time `time`.
    mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent
}

extension EventGenerator {
    /// Validates a device count shared by every generator.
    static func checkedDevices(_ devices: Int) throws(SimulationError) -> Int {
        guard devices >= 1, devices <= 1_000_000 else {
            throw SimulationError(.invalidParameter, "devices must be between 1 and 1000000, got \(devices)")
        }
        return devices
    }
}
