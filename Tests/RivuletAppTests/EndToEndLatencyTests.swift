import Testing

@testable import RivuletApp

/// `rivulet bench e2e`'s analysis: SSE framing and pairing events with the pushes that first count them.
@Suite struct EndToEndLatencyTests {
    static func document(_ rows: [(device: String, count: Int)]) -> [UInt8] {
        let records = rows.map {
            #"{"window_start": "2024-11-03T14:30:00Z", "window_end": "2024-11-03T14:30:10Z", "device_id": "\#($0.device)", "count": \#($0.count)}"#
        }
        return Array(#"{"updated_at": 1, "records": [\#(records.joined(separator: ", "))]}"#.utf8)
    }

    @Test func parserJoinsDataLinesAndSkipsCommentsAcrossChunks() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array(": heartbeat\n\nevent: latest\ndata: {\"a\":".utf8)).isEmpty)
        let events = parser.feed(Array("1}\ndata: x\r\n\nevent: latest\ndata: 2\n\n".utf8))
        #expect(events.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}\nx", "2"])
    }

    @Test func eachEventIsMatchedToTheFirstPushThatCountsIt() {
        let start: Int64 = 1_730_644_200_000  // 2024-11-03T14:30:00Z
        var latency = EndToEndLatency()
        latency.observe(document: Array(#"{"updated_at": 1, "records": []}"#.utf8), at: Double(start))
        latency.observe(document: Self.document([("a", 1)]), at: Double(start + 40))
        latency.observe(document: Self.document([("a", 1), ("b", 2)]), at: Double(start + 90))
        latency.observe(document: Self.document([("a", 3), ("b", 2)]), at: Double(start + 150))
        #expect(latency.documents == 4)
        #expect(latency.firstDataAt == Double(start + 40))
        let a = EndToEndLatency.Key(device: "a", windowStart: start)
        let b = EndToEndLatency.Key(device: "b", windowStart: start)
        let events = [a: [start + 10, start + 60, start + 100, start + 200], b: [start + 20, start + 30]]
        let result = latency.latencies(events: events, since: Double(start))
        #expect(result.milliseconds.sorted() == [30, 50, 60, 70, 90])
        #expect(result.unobserved == 1, "a's fourth event was never shown")
        // Events before the stream opened are left out.
        #expect(latency.latencies(events: events, since: Double(start + 50)).milliseconds.sorted() == [50, 90])
        #expect(EndToEndLatency.quantile(0.5, of: [5, 1, 3, 2, 4]) == 3)
        #expect(EndToEndLatency.quantile(0.99, of: [5, 1, 3, 2, 4]) == 5)
    }
}
