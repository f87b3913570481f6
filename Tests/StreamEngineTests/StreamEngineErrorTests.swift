import Testing
@testable import StreamEngine

@Suite struct StreamEngineErrorTests {
    @Test func messageAndCauseAreShown() {
        struct Underlying: Error {}
        let error = StreamEngineError(.io, "could not write x; check the disk", cause: Underlying())
        #expect(error.description.hasPrefix("could not write x; check the disk (cause: "))
    }
}
