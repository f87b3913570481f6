import Testing

@testable import KafkaBroker

@Suite struct ResponseSequencerTests {
    @Test func repliesLeaveInRequestOrder() {
        var sequencer = ResponseSequencer<String>()
        #expect(sequencer.complete(2, "c") == [])
        #expect(sequencer.complete(1, "b") == [])
        #expect(sequencer.heldBack == 2)
        #expect(sequencer.complete(0, "a") == ["a", "b", "c"])
        #expect(sequencer.complete(3, "d") == ["d"])
        // Late or repeated completions are ignored.
        #expect(sequencer.complete(1, "x") == [])
        #expect(sequencer.nextToRelease == 4)
    }
}
