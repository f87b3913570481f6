import Dashboard
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Device ids come from producers; none of them may reach the page as markup.
@Suite struct DashboardEscapingTests {
    static let hostile = #"<img src=x onerror=alert(1)>"</script>"#

    @Test func theScriptHasNoHTMLSinks() async throws {
        try await makeApp(StubDataSource()).test(.router) { client in
            try await client.execute(uri: "/assets/app.js", method: .get) { response in
                for sink in [
                    "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc",
                ] {
                    #expect(!response.text.contains(sink), "the page script uses \(sink)")
                }
                #expect(response.text.contains("textContent"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                // The page has no inline script, which the CSP would block anyway.
                #expect(!response.text.contains("<script>"))
                #expect(!response.text.contains("onerror"))
            }
        }
    }

    @Test func apiJSONCarriesHostileIdsAsStrings() async throws {
        let hub = DashboardHub()
        hub.publish(Array(seedDocument(devices: [Self.hostile]).utf8))
        try await makeApp(StubDataSource(), hub: hub).test(.router) { client in
            try await client.execute(uri: "/api/series", method: .get) { response in
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [String: Any])
                let devices = try #require(json["devices"] as? [[String: Any]])
                #expect(devices.first?["device_id"] as? String == Self.hostile)
                // JSONEncoder escapes "/" so "</script>" cannot close a script block even if pasted into one.
                #expect(!response.text.contains("</script>"))
            }
        }
    }
}
