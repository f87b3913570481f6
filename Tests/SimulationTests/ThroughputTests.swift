import RivuletCore
import Testing
@testable import Simulation

/// Not a benchmark (speed is measured by `rivulet bench`): a bound that a million iot events
/// can be generated in one test run, printing the rate for a rough look.
@Suite struct ThroughputTests {
    @Test func generatesOneMillionIoTEvents() throws {
        var generator = try IoTGenerator(seed: 1, devices: 8)
        let clock = ContinuousClock()
        var bytes = 0
        let start = clock.now
        for index in 0..<1_000_000 {
            let event = generator.nextEvent(device: index & 7, at: Timestamp(milliseconds: 1_730_638_574_123 + Int64(index >> 3)))
            bytes += event.value.count
        }
        let elapsed = clock.now - start
        #expect(bytes > 100_000_000)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("iot generator: \(Int(1_000_000 / max(seconds, 1e-9))) events/s (this build configuration)")
    }
}
