#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Processing time as wall-clock milliseconds (record timestamps, segment ages, retention).
/// Injected everywhere so tests drive it with `ManualClock`; durations between events use a
/// `Clock<Duration>` instead.
public protocol WallClock: Sendable {
    func wallTime() -> Timestamp
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func wallTime() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}
