import Dashboard
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite struct DashboardStreamTests {
    @Test func streamDeliversEachPublishedDocument() async throws {
        let hub = DashboardHub()
        let first = seedDocument(devices: ["device-1"], updatedAt: 1)
        let second = seedDocument(devices: ["device-1", "device-2"], updatedAt: 2)
        hub.publish(Array(first.utf8))
        try await makeApp(StubDataSource(), hub: hub).test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // The test client collects the whole body, so the stream is ended below by `finish()`.
                    try await client.execute(uri: "/api/stream", method: .get) { response in
                        #expect(response.headers[.contentType] == "text/event-stream")
                        #expect(
                            response.text
                                == "event: latest\ndata: \(first)\n\nevent: latest\ndata: \(second)\n\n: heartbeat\n\n")
                    }
                }
                try await eventually("the stream to subscribe") { hub.subscriberCount == 1 }
                hub.publish(Array(second.utf8))
                hub.heartbeat()
                hub.finish()
                try await group.waitForAll()
            }
        }
        #expect(hub.subscriberCount == 0)
    }
}
