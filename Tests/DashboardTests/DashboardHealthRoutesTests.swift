import Dashboard
import Foundation
import HummingbirdTesting
import Testing

/// `/api/status` (ok/warn/error per window) and the pipeline health fields of `/api/pipelines`
/// (lag per partition, last lake commit), as the page reads them.
@Suite struct DashboardHealthRoutesTests {
    static let health = DashboardPipelineHealth(
        pipeline: "iot-aggregates", inputEvents: 900, lakeHeldRows: 16, lag: 7,
        partitions: [
            DashboardPartitionLag(partition: 0, logEndOffset: 310, processedOffset: 305, committedOffset: 280),
            DashboardPartitionLag(partition: 1, logEndOffset: 300, processedOffset: 298),
        ],
        watermarkDelayMilliseconds: 61_000, lastCommittedEpoch: 3,
        lastLakeCommit: DashboardLakeCommit(table: "iot_window_agg", version: 4, timeMilliseconds: 1_730_638_580_000))

    @Test func statusCountsPerWindowInTheSeedsTimeFormat() async throws {
        let status = [
            DashboardStatusCounts(
                pipeline: "iot-aggregates",
                windows: [
                    DashboardStatusWindow(
                        windowStart: "2024-11-03T14:30:00Z", windowEnd: "2024-11-03T14:30:10Z", ok: 30, warn: 8,
                        error: 2)
                ])
        ]
        try await makeApp(StubDataSource(status: status)).test(.router) { client in
            try await client.execute(uri: "/api/status", method: .get) { response in
                #expect(response.headers[.contentType] == "application/json")
                #expect(
                    response.text
                        == #"[{"pipeline":"iot-aggregates","windows":[{"error":2,"ok":30,"#
                        + #""warn":8,"window_end":"2024-11-03T14:30:10Z","window_start":"2024-11-03T14:30:00Z"}]}]"#)
            }
        }
        try await makeApp(StubDataSource()).test(.router) { client in
            try await client.execute(uri: "/api/status", method: .get) { #expect($0.text == "[]") }
        }
    }

    @Test func pipelineHealthHasLagPerPartitionAndTheLastLakeCommit() async throws {
        try await makeApp(StubDataSource(pipelines: [Self.health])).test(.router) { client in
            try await client.execute(uri: "/api/pipelines", method: .get) { response in
                let list = try #require(try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [[String: Any]])
                let partitions = try #require(list.first?["partitions"] as? [[String: Any]])
                #expect(partitions.map { $0["partition"] as? Int } == [0, 1])
                #expect(partitions.map { $0["lag"] as? Int } == [5, 2])
                #expect(partitions.map { $0["committedOffset"] as? Int } == [280, nil])
                let commit = try #require(list.first?["lastLakeCommit"] as? [String: Any])
                #expect(commit["table"] as? String == "iot_window_agg")
                #expect(commit["version"] as? Int == 4)
                #expect(commit["timeMilliseconds"] as? Int == 1_730_638_580_000)
                let decoded = try JSONDecoder().decode([DashboardPipelineHealth].self, from: Data(response.bytes))
                #expect(decoded == [Self.health])
            }
            try await client.execute(uri: "/prometheus", method: .get) { response in
                #expect(
                    response.text.contains(
                        #"rivulet_pipeline_partition_lag_records{pipeline="iot-aggregates",partition="0"} 5"#))
                #expect(response.text.contains("rivulet_pipeline_last_lake_commit_timestamp_seconds"))
                #expect(response.text.contains(#"rivulet_pipeline_lake_held_rows{pipeline="iot-aggregates"} 16"#))
            }
        }
    }

    @Test func thePageShowsStatusAndHealth() async throws {
        try await makeApp(StubDataSource()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.text.contains(#"id="status-counts""#))
                #expect(response.text.contains("lag per partition"))
                #expect(response.text.contains("last lake commit"))
            }
            try await client.execute(uri: "/assets/app.js", method: .get) { response in
                #expect(response.text.contains(#"getJSON("/api/status")"#))
                #expect(response.text.contains("lastLakeCommit"))
            }
        }
    }
}
