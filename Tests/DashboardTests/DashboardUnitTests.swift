import Foundation
import Hummingbird
import Testing

@testable import Dashboard

@Suite struct ServerSentEventTests {
    @Test func multiLinePayloadsBecomeSeveralDataLines() {
        let encoded = ServerSentEvent.encode(event: "latest", data: Array("{\n \"a\": 1\r\n}".utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == "event: latest\ndata: {\ndata:  \"a\": 1\ndata: }\n\n")
    }
}

@Suite struct SeriesHistoryTests {
    func document(_ rows: [(String, String, Double)]) throws -> SnapshotDocument {
        let records = rows.map {
            #"{"window_start": "\#($0.1)", "device_id": "\#($0.0)", "avg_temperature": \#($0.2)}"#
        }
        return try #require(
            SnapshotDocument.parse(Array(#"{"updated_at": 1, "records": [\#(records.joined(separator: ","))]}"#.utf8)))
    }

    @Test func partialResultsReplaceTheirWindowAndOldWindowsAgeOut() throws {
        var history = SeriesHistory(window: .seconds(60))
        history.add(try document([("d1", "2024-11-03T14:30:00Z", 20), ("d2", "2024-11-03T14:30:00Z", 30)]))
        history.add(try document([("d1", "2024-11-03T14:30:00Z", 21)]))
        #expect(history.series.map(\.deviceID) == ["d1", "d2"])
        #expect(history.series[0].points.map(\.temperature) == [21])
        // Two minutes later in event time: both devices' first windows fall out.
        history.add(try document([("d1", "2024-11-03T14:32:00.500Z", 22)]))
        #expect(history.series.map(\.deviceID) == ["d1"])
        #expect(history.series[0].points.map(\.temperature) == [22])
    }

    @Test func deviceCountIsCapped() throws {
        var history = SeriesHistory(window: .seconds(60), maxDevices: 2)
        history.add(
            try document([
                ("a", "2024-11-03T14:30:00Z", 1), ("b", "2024-11-03T14:30:00Z", 1), ("c", "2024-11-03T14:30:00Z", 1),
            ]))
        #expect(history.series.count == 2)
    }

    @Test func documentsThatAreNotSnapshotsAreIgnored() {
        #expect(SnapshotDocument.parse(Array("not json".utf8)) == nil)
        #expect(SnapshotDocument.parse(Array("{}".utf8))?.records.isEmpty == true)
    }

    @Test func tokenComparison() {
        #expect(TokenMiddleware<Hummingbird.BasicRequestContext>.matches("abc", "abc"))
        #expect(!TokenMiddleware<Hummingbird.BasicRequestContext>.matches("abd", "abc"))
        #expect(!TokenMiddleware<Hummingbird.BasicRequestContext>.matches("ab", "abc"))
        #expect(!TokenMiddleware<Hummingbird.BasicRequestContext>.matches("abcd", "abc"))
    }
}
