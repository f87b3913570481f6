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
        bench.seconds = 5
        bench.cases = [EndToEndBenchmark.Case(name: "seed", devices: 8, rate: 4)]
        let result = try await bench.run(bench.cases[0])
        // 32 events/s for 5 s. How many were pushed before the deadline depends on the machine's
        // load (tests run in parallel), so only their presence and sanity are checked.
        #expect(result.latencies.count + result.unobserved > 80)
        #expect(!result.latencies.isEmpty)
        #expect(result.latencies.allSatisfy { $0 >= 0 && $0 < 5000 })
        #expect(result.eventsPerSecond > 16 && result.eventsPerSecond < 64)
        let firstData = try #require(result.firstDataMilliseconds)
        #expect(firstData > 0)
        #expect(result.residentBytes > 0)
    }
}
