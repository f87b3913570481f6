import RivuletCore
import TestSupport
import Testing

@Suite struct TextUnitsTests {
    @Test func durations() {
        #expect(DurationText.parse("10s") == .seconds(10))
        #expect(DurationText.parse("1m") == .seconds(60))
        #expect(DurationText.parse("100ms") == .milliseconds(100))
        #expect(DurationText.parse("7d") == .seconds(7 * 86_400))
        #expect(DurationText.parse("1h30m") == .seconds(5400))
        #expect(DurationText.parse("0") == .zero)
        for bad in ["", "10", "s", "-1s", "10 parsecs", "1.5s", "99999999999999999999s"] {
            #expect(DurationText.parse(bad) == nil, "\(bad)")
        }
        #expect(DurationText.format(.seconds(60)) == "1m")
        #expect(DurationText.format(.milliseconds(1500)) == "1500ms")
    }

    @Test func sizes() {
        #expect(ByteCount(parsing: "256MiB") == .mebibytes(256))
        #expect(ByteCount(parsing: "1GB") == ByteCount(1_000_000_000))
        #expect(ByteCount(parsing: "4096") == ByteCount(4096))
        #expect(ByteCount(parsing: "10 KiB") == .kibibytes(10))
        for bad in ["", "MiB", "-1MiB", "1.5GiB", "1 parsec", "99999999TiB"] {
            #expect(ByteCount(parsing: bad) == nil, "\(bad)")
        }
        #expect(ByteCount.mebibytes(256).description == "256MiB")
    }

    @Test func manualClockWakesSleepersOnAdvance() async throws {
        let clock = ManualClock()
        let start = clock.wallTime()
        async let slept: Void = clock.sleep(for: .seconds(5))
        try await eventually { clock.sleeperCount > 0 }
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        try await slept
        #expect((clock.wallTime()).milliseconds - start.milliseconds == 5000)
    }
}
