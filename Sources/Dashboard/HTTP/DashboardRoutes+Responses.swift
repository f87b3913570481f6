import Foundation
import Hummingbird

/// `/api/series`: every device's points over the series window.
struct SeriesResponse: Encodable {
    var windowSeconds: Int64
    var devices: [DeviceSeries]

    enum CodingKeys: String, CodingKey {
        case windowSeconds = "window_seconds"
        case devices
    }
}

/// `/api/topics`: `available` is false when this mode cannot read the log safely.
struct TopicsResponse: Encodable {
    var available: Bool
    var topics: [DashboardTopic]
}

extension DashboardRoutes {
    /// JSON through `JSONEncoder`, which escapes quotes and control characters in every string
    /// from the data; `<`, `>` and `&` need no escaping because these bodies are never HTML.
    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return json(bytes: Array(try encoder.encode(value)))
    }

    static func json(bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, _ status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ asset: DashboardAsset) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.body)))
    }
}

/// Headers that keep the browser from guessing types or running anything but our own script.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'"
        return response
    }
}
