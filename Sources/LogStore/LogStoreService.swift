import Logging
import ServiceLifecycle

/// Runs the log's periodic work (retention, as Kafka's log.retention.check.interval) and
/// closes the log — flushing every partition — when the service group shuts down. Put it
/// first in the group so that it stops last, after the broker and pipelines that use it.
public struct LogStoreService<C: Clock>: Service where C.Duration == Duration {
    public let store: LogStore
    public let clock: C
    public var retentionCheckInterval: Duration
    let logger: Logger

    public init(store: LogStore, clock: C, retentionCheckInterval: Duration = .seconds(300), logger: Logger) {
        self.store = store
        self.clock = clock
        self.retentionCheckInterval = retentionCheckInterval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(for: retentionCheckInterval)
                } catch {
                    break  // cancelled: shutting down
                }
                do {
                    try store.applyRetention()
                } catch {
                    logger.error("retention failed", metadata: ["error": "\(error)"])
                }
            }
        }
        try store.close()
        logger.info("log closed")
    }
}
