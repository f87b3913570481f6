import RivuletCore
import Testing

@testable import KafkaClient

/// The consumer's positions as the pipelined fetcher moves them: ahead from batch headers,
/// back to a batch that failed to decode, without losing records already handed out.
@Suite struct SubscriptionStateTests {
    let tp = TopicPartition("t", 0)

    @Test func aRewindDropsWhatWasFetchedPastTheBadBatchAndKeepsWhatWasHandedOut() throws {
        var state = SubscriptionState()
        state.assignManually([tp])
        state.seek(tp, to: Offset(0))
        let epoch = try #require(state.partition(tp)?.epoch)
        let first = try #require(state.partition(tp)?.fetchGeneration)
        // Round 1 (offsets 0..<10) decoded and handed out; round 2 (10..<20) fetched; round 3
        // (20..<30) in flight when round 2 fails to decode.
        let advanced = [(0, 10), (10, 20), (20, 30)].map { state.advanceFetched(tp, epoch: epoch, from: Offset($0), to: Offset($1)) }
        #expect(advanced == [true, true, true])
        state.rewindFetched(tp, epoch: epoch, to: Offset(10))
        #expect(state.partition(tp)?.position == Offset(10))
        #expect(state.partition(tp)?.fetchGeneration != first)  // round 3's chunk is stale
        let late = state.advanceFetched(tp, epoch: epoch, from: Offset(30), to: Offset(40))
        #expect(!late)
        // Round 1's records, still queued for the application, are not.
        let handedOut = state.consumed(tp, epoch: epoch, offset: Offset(9))
        #expect(handedOut && state.consumedOffsets[tp] == Offset(10))
        #expect(state.fetchable.map(\.1) == [Offset(10)])
    }

    @Test func aRewindAfterASeekChangesNothing() throws {
        var state = SubscriptionState()
        state.assignManually([tp])
        state.seek(tp, to: Offset(0))
        let old = try #require(state.partition(tp)?.epoch)
        _ = state.advanceFetched(tp, epoch: old, from: Offset(0), to: Offset(10))
        state.seek(tp, to: Offset(100))
        state.rewindFetched(tp, epoch: old, to: Offset(0))
        #expect(state.partition(tp)?.position == Offset(100))
    }

    /// Records consumed one after another are tracked without a lookup each; what commits,
    /// positions, seeks and pauses see must be exactly as if every one had been written back.
    @Test func consumedOffsetsAreSeenAtOnceAndStaleChunksStop() throws {
        let other = TopicPartition("t", 1)
        var state = SubscriptionState()
        state.assignManually([tp, other])
        state.seek(tp, to: Offset(0))
        state.seek(other, to: Offset(50))
        let epoch = try #require(state.partition(tp)?.epoch)
        let otherEpoch = try #require(state.partition(other)?.epoch)
        let firstFive = (0..<5).map { state.consumed(tp, epoch: epoch, offset: Offset(Int64($0))) }
        #expect(firstFive == [true, true, true, true, true])
        #expect(state.consumedOffsets == [tp: Offset(5), other: Offset(50)])
        #expect(state.partition(tp)?.consumed == Offset(5))
        // Moving to another partition's chunk keeps the first one's offset.
        let otherTaken = state.consumed(other, epoch: otherEpoch, offset: Offset(50))
        #expect(otherTaken)
        #expect(state.consumedOffsets == [tp: Offset(5), other: Offset(51)])
        // Pausing the partition being read: the rest of its chunk is stale, resumes where consumed.
        state.setPaused(other, true)
        let otherAfterPause = state.consumed(other, epoch: otherEpoch, offset: Offset(51))
        #expect(!otherAfterPause)
        #expect(state.partition(other)?.position == Offset(51))
        // A seek makes the old chunk stale at once, and its offset is what commits carry.
        let tpAgain = state.consumed(tp, epoch: epoch, offset: Offset(5))
        #expect(tpAgain)
        state.seek(tp, to: Offset(2))
        let tpAfterSeek = state.consumed(tp, epoch: epoch, offset: Offset(6))
        #expect(!tpAfterSeek)
        #expect(state.consumedOffsets[tp] == Offset(2))
        // Revoked while being read: nothing of it is committed.
        let fresh = try #require(state.partition(tp)?.epoch)
        let freshTaken = state.consumed(tp, epoch: fresh, offset: Offset(2))
        #expect(freshTaken)
        state.setAssignment([other])
        #expect(state.consumedOffsets[tp] == nil)
        let afterRevoke = state.consumed(tp, epoch: fresh, offset: Offset(3))
        #expect(!afterRevoke)
    }
}
