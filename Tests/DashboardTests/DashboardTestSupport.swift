import Dashboard
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A data source with fixed answers; `documents` feeds the update stream.
final class StubDataSource: DashboardDataSource {
    let document: Mutex<[UInt8]?>
    let pipelineList: [DashboardPipelineHealth]
    let topicList: [DashboardTopic]?
    let lake: [DashboardLakeTable]
    let status: [DashboardStatusCounts]
    let (documents, continuation) = AsyncStream.makeStream(of: [UInt8].self)

    init(
        document: String? = nil, pipelines: [DashboardPipelineHealth] = [], topics: [DashboardTopic]? = nil,
        lake: [DashboardLakeTable] = [], status: [DashboardStatusCounts] = []
    ) {
        self.document = Mutex(document.map { Array($0.utf8) })
        pipelineList = pipelines
        topicList = topics
        self.lake = lake
        self.status = status
    }

    func latestDocument() async -> [UInt8]? { document.withLock { $0 } }
    func documentUpdates() -> AsyncStream<[UInt8]> { documents }
    func pipelines() async -> [DashboardPipelineHealth] { pipelineList }
    func topics() async -> [DashboardTopic]? { topicList }
    func lakeTables() async -> [DashboardLakeTable] { lake }
    func statusCounts() async -> [DashboardStatusCounts] { status }
    func messages(topic: String, partition: Int32, limit: Int) async throws -> [DashboardMessage] {
        guard
            topicList?.contains(where: { $0.name == topic && $0.partitions.contains { $0.partition == partition } })
                ?? false
        else {
            throw DashboardError(.unknownPartition, "no partition \(topic)/\(partition)")
        }
        return (0..<Int64(limit)).map {
            DashboardMessage(offset: $0, timestamp: 1_730_638_574_123, key: "device-\($0)", value: #"{"n":\#($0)}"#)
        }
    }
}

/// A seed-000 document with `devices` rows in one window.
func seedDocument(devices: [String], updatedAt: Int = 1_730_638_580) -> String {
    let rows = devices.enumerated().map { i, id in
        #"{"window_start": "2024-11-03T14:30:00Z", "window_end": "2024-11-03T14:30:10Z", "device_id": \#(jsonString(id)), "count": 40, "avg_temperature": \#(20 + i), "avg_humidity": \#(50 + i), "min_battery": 80.0, "max_battery": 90.0}"#
    }
    return #"{"updated_at": \#(updatedAt), "records": [\#(rows.joined(separator: ", "))]}"#
}

func jsonString(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

func makeApp(
    _ source: StubDataSource, token: String? = nil, hub: DashboardHub = DashboardHub()
) -> some ApplicationProtocol {
    var configuration = DashboardServerConfiguration()
    configuration.token = token
    return Application(
        router: DashboardRoutes(configuration: configuration, dataSource: source, hub: hub).buildRouter())
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var bytes: [UInt8] { Array(body.readableBytesView) }
}
