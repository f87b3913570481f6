import Synchronization

/// A counter one task increments and others read (status lines, dashboard).
public final class ManagedCounter: Sendable {
    private let storage = Atomic<Int64>(0)
    public init() {}
    public var value: Int64 { storage.load(ordering: .relaxed) }
    public func add(_ n: Int64) { storage.add(n, ordering: .relaxed) }
}
