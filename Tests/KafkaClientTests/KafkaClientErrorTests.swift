import Testing
@testable import KafkaClient

@Suite struct KafkaClientErrorTests {
    @Test func messageAndCauseAreShown() {
        struct Underlying: Error {}
        let error = KafkaClientError(.io, "could not write x; check the disk", cause: Underlying())
        #expect(error.description.hasPrefix("could not write x; check the disk (cause: "))
    }
}
