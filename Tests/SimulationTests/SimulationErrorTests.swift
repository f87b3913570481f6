import Testing
@testable import Simulation

@Suite struct SimulationErrorTests {
    @Test func messageAndCauseAreShown() {
        struct Underlying: Error {}
        let error = SimulationError(.io, "could not write x; check the disk", cause: Underlying())
        #expect(error.description.hasPrefix("could not write x; check the disk (cause: "))
    }
}
