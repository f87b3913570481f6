import Testing

@testable import Lakehouse

@Suite struct LakehouseErrorTests {
    @Test func messageAndCauseAreShown() {
        struct Underlying: Error {}
        let error = LakehouseError(.io, "could not write x; check the disk", cause: Underlying())
        #expect(error.description.hasPrefix("could not write x; check the disk (cause: "))
    }
}
