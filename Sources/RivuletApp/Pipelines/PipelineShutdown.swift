import ServiceLifecycle

/// The pipeline's view of ServiceLifecycle's graceful shutdown: a pipeline stops reading when
/// it starts, then writes a final checkpoint before returning.
enum PipelineShutdown {
    static var isRequested: Bool { Task.isShuttingDownGracefully }

    /// Returns when a graceful shutdown starts; outside a ServiceGroup it waits until cancelled.
    static func wait() async throws { try await gracefulShutdown() }
}
