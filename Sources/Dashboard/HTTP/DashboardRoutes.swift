import Foundation
import Hummingbird

/// The dashboard's routes over a data source and a hub. Built separately from the service so
/// tests drive them through HummingbirdTesting without a socket.
public struct DashboardRoutes: Sendable {
    let configuration: DashboardServerConfiguration
    let dataSource: any DashboardDataSource
    let hub: DashboardHub
    let exporter = PrometheusExporter()

    public init(configuration: DashboardServerConfiguration, dataSource: any DashboardDataSource, hub: DashboardHub) {
        self.configuration = configuration
        self.dataSource = dataSource
        self.hub = hub
    }

    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        if let token = configuration.token, !token.isEmpty { router.add(middleware: TokenMiddleware(token: token)) }
        router.get("/") { _, _ in Self.asset(DashboardAssets.page) }
        router.get("/assets/:name") { _, context in
            // Only names in the embedded table resolve, so no path can reach the file system.
            guard let name = context.parameters.get("name"), let asset = DashboardAssets.byName[name] else {
                return Response(status: .notFound)
            }
            return Self.asset(asset)
        }
        router.get("/healthz") { _, _ in Self.text("ok\n") }
        router.get("/readyz") { _, _ in
            await dataSource.latestDocument() == nil
                ? Self.text("no snapshot yet\n", .serviceUnavailable) : Self.text("ready\n")
        }
        router.get("/metrics") { _, _ in Self.json(bytes: await latestOrEmpty()) }
        router.get("/api/latest") { _, _ in Self.json(bytes: await latestOrEmpty()) }
        router.get("/api/series") { _, _ in
            try Self.json(
                SeriesResponse(windowSeconds: configuration.seriesWindow.components.seconds, devices: hub.series))
        }
        router.get("/api/pipelines") { _, _ in try Self.json(await dataSource.pipelines()) }
        router.get("/api/status") { _, _ in try Self.json(await dataSource.statusCounts()) }
        router.get("/api/topics") { _, _ in
            let topics = await dataSource.topics()
            return try Self.json(TopicsResponse(available: topics != nil, topics: topics ?? []))
        }
        router.get("/api/topics/:topic/:partition/messages") { request, context in try await messages(request, context)
        }
        router.get("/api/lake") { _, _ in try Self.json(await dataSource.lakeTables()) }
        router.get("/api/stream") { _, _ in stream() }
        router.get("/prometheus") { _, _ in await prometheus() }
        return router
    }

    /// An empty document in the seed's shape before the first snapshot, so pollers need no special case.
    func latestOrEmpty() async -> [UInt8] {
        await dataSource.latestDocument() ?? Array(#"{"updated_at": null, "records": []}"#.utf8)
    }

    func messages(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let topic = context.parameters.get("topic"),
            let partition = context.parameters.get("partition", as: Int32.self)
        else {
            return Self.text("bad topic or partition\n", .badRequest)
        }
        let asked = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 20
        let limit = min(max(asked, 1), configuration.maxMessages)
        do {
            return try Self.json(try await dataSource.messages(topic: topic, partition: partition, limit: limit))
        } catch let error as DashboardError where error.code == .unknownPartition {
            return Self.text(error.message + "\n", .notFound)
        } catch let error as DashboardError where error.code == .unavailable {
            return Self.text(error.message + "\n", .serviceUnavailable)
        }
    }

    func stream() -> Response {
        let (id, documents) = hub.subscribe()
        let hub = self.hub
        let first = hub.latest
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                defer { if let id { hub.unsubscribe(id) } }
                // The current document first, so a new page draws at once instead of waiting for a change.
                if let first {
                    try await writer.write(ByteBuffer(bytes: ServerSentEvent.encode(event: "latest", data: first)))
                }
                for await event in documents {
                    switch event {
                    case .document(let document):
                        try await writer.write(
                            ByteBuffer(bytes: ServerSentEvent.encode(event: "latest", data: document)))
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }

    func prometheus() async -> Response {
        let devices = Set(hub.series.map(\.deviceID)).count
        let text = exporter.render(
            pipelines: await dataSource.pipelines(), topics: await dataSource.topics(),
            lake: await dataSource.lakeTables(),
            devices: devices, subscribers: hub.subscriberCount)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }
}
