import Testing

@testable import LogStore

@Suite struct IndexTests {
    @Test func offsetIndexLookupAndRoundTrip() throws {
        var index = OffsetIndex()
        for i in 0..<100 { index.append(relativeOffset: UInt32(i * 10), position: UInt32(i * 4096)) }
        index.append(relativeOffset: 5, position: 1)  // not increasing: ignored
        #expect(index.count == 100)
        #expect(index.position(atOrBefore: 0) == 0)
        #expect(index.position(atOrBefore: 15) == 4096)
        #expect(index.position(atOrBefore: 10_000) == 99 * 4096)
        let decoded = try #require(OffsetIndex.decode(index.encoded(), logSize: 100 * 4096))
        #expect(decoded.positions == index.positions)
        #expect(OffsetIndex.decode(index.encoded(), logSize: 4096) == nil)  // points past the log
        #expect(OffsetIndex.decode(Array(index.encoded().dropLast()), logSize: 1 << 30) == nil)
        index.truncate(atPosition: 4096 * 50)
        #expect(index.count == 50)
    }

    @Test func timeIndexFindsWhereToStart() throws {
        var index = TimeIndex()
        index.append(timestamp: 100, relativeOffset: 4)
        index.append(timestamp: 90, relativeOffset: 6)  // not a new maximum: ignored
        index.append(timestamp: 200, relativeOffset: 9)
        #expect(index.searchStart(for: 50) == nil)
        #expect(index.searchStart(for: 100) == nil)
        #expect(index.searchStart(for: 150) == 4)
        #expect(index.searchStart(for: 500) == 9)
        #expect(TimeIndex.decode(index.encoded(), lastRelativeOffset: 9)?.timestamps == [100, 200])
        #expect(TimeIndex.decode(index.encoded(), lastRelativeOffset: 8) == nil)
    }

    @Test func rollPolicy() {
        let policy = SegmentRollPolicy(segmentBytes: 1000, segmentAgeMilliseconds: 60_000)
        #expect(!policy.shouldRoll(activeSize: 0, incomingBytes: 5000, firstAppendWallTime: nil, now: 0, relativeOffsetRoom: 10))
        #expect(policy.shouldRoll(activeSize: 900, incomingBytes: 200, firstAppendWallTime: 0, now: 0, relativeOffsetRoom: 10))
        #expect(!policy.shouldRoll(activeSize: 500, incomingBytes: 200, firstAppendWallTime: 0, now: 59_999, relativeOffsetRoom: 10))
        #expect(policy.shouldRoll(activeSize: 500, incomingBytes: 200, firstAppendWallTime: 0, now: 60_000, relativeOffsetRoom: 10))
        #expect(policy.shouldRoll(activeSize: 500, incomingBytes: 1, firstAppendWallTime: 0, now: 0, relativeOffsetRoom: 0))
    }
}
