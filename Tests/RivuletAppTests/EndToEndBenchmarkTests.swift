import RivuletConfig
import TestSupport
import Testing

@testable import RivuletApp

/// `rivulet bench e2e` end to end, briefly: `up` in-process, the SSE client, the log read back.
@Suite(.serialized) struct EndToEndBenchmarkTests {
    @Test func aShortSeedRunMeasuresEveryShownEvent() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var bench = EndToEndBenchmark(base: .default, directory: dir.path)
        bench.seconds = 3
        bench.cases = [EndToEndBenchmark.Case(name: "seed", devices: 8, rate: 4)]
        let result = try await bench.run(bench.cases[0])
        // 32 events/s for 3 s; the last ones may not have been pushed before the deadline.
        #expect(result.latencies.count > 40)
        #expect(result.unobserved < 20)
        #expect(result.latencies.allSatisfy { $0 >= 0 && $0 < 3000 })
        #expect(result.eventsPerSecond > 16 && result.eventsPerSecond < 64)
        let firstData = try #require(result.firstDataMilliseconds)
        #expect(firstData > 0 && firstData < 3000)
        #expect(result.residentBytes > 0)
    }
}
