import Dashboard
import Synchronization

/// The last lake stats and when they were read; callers on any task share one copy.
final class LakeStatsCache: Sendable {
    private let maxAge: Duration
    private let entry = Mutex<(at: ContinuousClock.Instant, tables: [DashboardLakeTable])?>(nil)

    init(maxAge: Duration) { self.maxAge = maxAge }

    /// The cached tables if younger than `maxAge`, else `read()`'s answer, cached.
    func value(_ read: () -> [DashboardLakeTable]) -> [DashboardLakeTable] {
        let now = ContinuousClock.now
        if let cached = entry.withLock({ $0 }), now - cached.at < maxAge { return cached.tables }
        let tables = read()
        entry.withLock { $0 = (now, tables) }
        return tables
    }
}
