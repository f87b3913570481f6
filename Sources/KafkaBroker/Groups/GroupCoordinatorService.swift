import ServiceLifecycle

/// Runs a `GroupCoordinator`'s timers (session expiry, rebalance timeouts, the initial
/// rebalance delay) as part of the broker's `ServiceGroup`. On graceful shutdown or
/// cancellation the coordinator is shut down, which answers every waiting JoinGroup and
/// SyncGroup with COORDINATOR_NOT_AVAILABLE.
///
/// ```swift
/// let coordinator = GroupCoordinator(offsetStore: log.consumerOffsets)
/// let services: [any Service] = [logService, GroupCoordinatorService(coordinator), brokerService]
/// ```
public struct GroupCoordinatorService: Service {
    public let coordinator: GroupCoordinator

    public init(_ coordinator: GroupCoordinator) {
        self.coordinator = coordinator
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await coordinator.runTimers()
        } onGracefulShutdown: {
            coordinator.shutdown()
        }
        coordinator.shutdown()
    }
}
