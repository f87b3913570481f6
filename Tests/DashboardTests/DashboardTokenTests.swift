import Dashboard
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct DashboardTokenTests {
    func app() -> some ApplicationProtocol {
        makeApp(StubDataSource(document: seedDocument(devices: ["a"])), token: "s3cret")
    }

    @Test func everyRouteButHealthzNeedsTheToken() async throws {
        try await app().test(.router) { client in
            for path in [
                "/", "/metrics", "/api/latest", "/api/series", "/api/pipelines", "/api/topics", "/api/lake",
                "/prometheus", "/readyz", "/assets/app.js",
            ] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .unauthorized, "\(path)") }
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer wrong"]) {
                    #expect($0.status == .unauthorized, "\(path)")
                }
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer s3cret"]) {
                    #expect($0.status == .ok, "\(path)")
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func theTokenInTheAddressSetsACookieOnce() async throws {
        try await app().test(.router) { client in
            let cookie = try await client.execute(uri: "/?token=s3cret", method: .get) { response -> String in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/")
                let setCookie = try #require(response.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly"))
                return String(setCookie.split(separator: ";")[0])
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.cookie: "other=1; " + cookie]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/?token=guess", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.cookie: "rivulet_token=guess"]) {
                #expect($0.status == .unauthorized)
            }
        }
    }
}
