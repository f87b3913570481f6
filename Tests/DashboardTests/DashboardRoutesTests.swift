import Dashboard
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct DashboardRoutesTests {
    @Test func metricsReturnsTheDocumentBytesExactly() async throws {
        // Odd spacing and a trailing newline must survive: the route serves bytes, not a re-encoding.
        let document = seedDocument(devices: ["device-1", "device-2"]) + "\n"
        try await makeApp(StubDataSource(document: document)).test(.router) { client in
            for path in ["/metrics", "/api/latest"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(response.bytes == Array(document.utf8))
                }
            }
        }
    }

    @Test func metricsBeforeTheFirstSnapshotIsAnEmptySeedDocument() async throws {
        try await makeApp(StubDataSource()).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.text == #"{"updated_at": null, "records": []}"#)
            }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func readyOnceASnapshotExists() async throws {
        try await makeApp(StubDataSource(document: seedDocument(devices: ["a"]))).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func pageAndAssetsAreServedFromTheBinary() async throws {
        try await makeApp(StubDataSource()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("/assets/app.js"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
            try await client.execute(uri: "/assets/app.js", method: .get) { #expect($0.text.contains("EventSource")) }
            try await client.execute(uri: "/assets/app.css", method: .get) { #expect($0.status == .ok) }
            for escape in ["/assets/..%2FPackage.swift", "/assets/../Package.swift", "/assets/%2e%2e"] {
                try await client.execute(uri: escape, method: .get) { #expect($0.status == .notFound) }
            }
        }
    }

    @Test func seriesFollowsPublishedDocuments() async throws {
        let hub = DashboardHub()
        hub.publish(Array(seedDocument(devices: ["device-a", "device-b"]).utf8))
        try await makeApp(StubDataSource(), hub: hub).test(.router) { client in
            try await client.execute(uri: "/api/series", method: .get) { response in
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [String: Any])
                let devices = try #require(json["devices"] as? [[String: Any]])
                #expect(devices.compactMap { $0["device_id"] as? String } == ["device-a", "device-b"])
                #expect(json["window_seconds"] as? Int == 1800)
            }
        }
    }

    @Test func pipelinesTopicsMessagesAndLake() async throws {
        let source = StubDataSource(
            pipelines: [DashboardPipelineHealth(pipeline: "iot-aggregates", inputEvents: 42, lag: 3)],
            topics: [
                DashboardTopic(
                    name: "iot-metrics",
                    partitions: [DashboardPartition(partition: 0, logStartOffset: 0, highWatermark: 10)])
            ],
            lake: [DashboardLakeTable(name: "iot_window_agg", version: 4, files: 2, rows: 100, bytes: 2048)])
        try await makeApp(source).test(.router) { client in
            try await client.execute(uri: "/api/pipelines", method: .get) { response in
                let list = try JSONDecoder().decode([DashboardPipelineHealth].self, from: Data(response.bytes))
                #expect(list.first?.inputEvents == 42)
            }
            try await client.execute(uri: "/api/topics", method: .get) { response in
                #expect(response.text.contains(#""available":true"#))
                #expect(response.text.contains("iot-metrics"))
            }
            try await client.execute(uri: "/api/topics/iot-metrics/0/messages?limit=5", method: .get) { response in
                let list = try JSONDecoder().decode([DashboardMessage].self, from: Data(response.bytes))
                #expect(list.count == 5)
            }
            try await client.execute(uri: "/api/topics/iot-metrics/0/messages?limit=100000", method: .get) { response in
                let list = try JSONDecoder().decode([DashboardMessage].self, from: Data(response.bytes))
                #expect(list.count == 200)
            }
            try await client.execute(uri: "/api/topics/nope/0/messages", method: .get) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/topics/iot-metrics/x/messages", method: .get) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/lake", method: .get) { response in
                let list = try JSONDecoder().decode([DashboardLakeTable].self, from: Data(response.bytes))
                #expect(
                    list == [DashboardLakeTable(name: "iot_window_agg", version: 4, files: 2, rows: 100, bytes: 2048)])
            }
        }
    }

    @Test func topicsUnavailableSaysSo() async throws {
        try await makeApp(StubDataSource(topics: nil)).test(.router) { client in
            try await client.execute(uri: "/api/topics", method: .get) {
                #expect($0.text.contains(#""available":false"#))
            }
        }
    }

    @Test func prometheusExposesBoundedMetrics() async throws {
        let source = StubDataSource(
            pipelines: [
                DashboardPipelineHealth(
                    pipeline: "iot-aggregates", inputEvents: 42, lag: 3, watermarkDelayMilliseconds: 1500)
            ],
            topics: [
                DashboardTopic(
                    name: "iot-metrics",
                    partitions: [DashboardPartition(partition: 2, logStartOffset: 0, highWatermark: 10)])
            ],
            lake: [DashboardLakeTable(name: "iot_window_agg", version: 4, files: 2, rows: 100, bytes: 2048)])
        let hub = DashboardHub()
        hub.publish(Array(seedDocument(devices: ["<img src=x onerror=alert(1)>"]).utf8))
        try await makeApp(source, hub: hub).test(.router) { client in
            try await client.execute(uri: "/prometheus", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = response.text
                #expect(text.contains("# TYPE rivulet_pipeline_input_events_total counter"))
                #expect(text.contains(#"rivulet_pipeline_input_events_total{pipeline="iot-aggregates"} 42"#))
                #expect(text.contains(#"rivulet_topic_high_watermark{topic="iot-metrics",partition="2"} 10"#))
                #expect(text.contains("rivulet_pipeline_watermark_delay_seconds"))
                #expect(text.contains("rivulet_lake_table_rows"))
                #expect(text.contains("rivulet_dashboard_active_devices 1"))
                #expect(!text.contains("onerror"))
            }
            // A second scrape must not double-count the totals.
            try await client.execute(uri: "/prometheus", method: .get) { response in
                #expect(response.text.contains(#"rivulet_pipeline_input_events_total{pipeline="iot-aggregates"} 42"#))
            }
        }
    }
}
