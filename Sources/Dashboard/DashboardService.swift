import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs the dashboard: the HTTP server and the loop that feeds snapshot documents from the
/// data source into the hub for SSE. One `Service` in the app's `ServiceGroup`.
public struct DashboardService: Service {
    public let configuration: DashboardServerConfiguration
    public let dataSource: any DashboardDataSource
    public let hub: DashboardHub
    let logger: Logger
    let onListening: @Sendable (_ host: String, _ port: Int) async -> Void

    /// - Parameter onListening: called once the socket is bound, with the actual port (useful with port 0).
    public init(
        configuration: DashboardServerConfiguration, dataSource: any DashboardDataSource, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.dataSource = dataSource
        self.hub = DashboardHub(seriesWindow: configuration.seriesWindow)
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let routes = DashboardRoutes(configuration: configuration, dataSource: dataSource, hub: hub)
        let host = configuration.host
        let onListening = self.onListening
        let app = Application(
            router: routes.buildRouter(),
            configuration: .init(
                address: .hostname(host, port: configuration.port), serverName: "rivulet", reuseAddress: false),
            onServerRunning: { channel in await onListening(host, channel.localAddress?.port ?? 0) },
            logger: logger
        )
        if let initial = await dataSource.latestDocument() { hub.publish(initial) }
        let hub = self.hub
        let heartbeatInterval = configuration.heartbeatInterval
        let updates = dataSource.documentUpdates()
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                // Ends with the source or on shutdown; either way SSE clients are released.
                await withGracefulShutdownHandler {
                    for await document in updates.cancelOnGracefulShutdown() { hub.publish(document) }
                } onGracefulShutdown: {
                    hub.finish()
                }
                hub.finish()
            }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    while (try? await Task.sleep(for: heartbeatInterval)) != nil { hub.heartbeat() }
                }
            }
            group.addTask {
                do {
                    try await app.run()
                } catch let error as IOError where error.errnoCode == EADDRINUSE {
                    throw DashboardError(
                        .addressInUse,
                        "\(host):\(configuration.port) is in use by another process; choose another with --listen HOST:PORT"
                    )
                }
            }
        }
    }
}
