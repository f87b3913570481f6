import Hummingbird

/// With a token configured, lets a request through only with `Authorization: Bearer <token>`
/// or the `rivulet_token` cookie. `/?token=<token>` sets that cookie once and redirects to `/`
/// so the token leaves the address bar. `/healthz` stays open for probes.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    static var cookieName: String { "rivulet_token" }
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path == "/healthz" { return try await next(request, context) }
        if path == "/", let offered = request.uri.queryParameters["token"] {
            guard Self.matches(String(offered), token) else { return Self.unauthorized() }
            var headers = HTTPFields()
            headers[.location] = "/"
            headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            return Response(status: .seeOther, headers: headers)
        }
        guard presentedToken(request).map({ Self.matches($0, token) }) ?? false else { return Self.unauthorized() }
        return try await next(request, context)
    }

    private func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return String(header.dropFirst("Bearer ".count))
        }
        for cookieHeader in request.headers[values: .cookie] {
            for pair in cookieHeader.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingSpaces == Self.cookieName {
                    return String(parts[1].trimmingSpaces)
                }
            }
        }
        return nil
    }

    /// Compares without an early exit so timing does not reveal how much of a guess was right.
    static func matches(_ offered: String, _ expected: String) -> Bool {
        let a = Array(offered.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<b.count { difference |= b[i] ^ (i < a.count ? a[i] : 0) }
        return difference == 0
    }

    static func unauthorized() -> Response {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer"
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: .unauthorized, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "token required\n")))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
