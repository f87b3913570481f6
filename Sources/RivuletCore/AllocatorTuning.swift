#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator, set for a process that reads and decodes megabyte chunks all day.
///
/// By default glibc maps each allocation above its mmap threshold afresh and unmaps it on
/// free; the threshold starts at 128 KiB and rises only as mapped blocks are freed, and the
/// trim threshold follows it. A pipeline allocates a ~1 MiB log read and a batch source of
/// about that size per chunk, and the Kafka consumer a buffer per Fetch response of several
/// MiB, on one thread, freed on another. Measured (release build, this 2-core VM):
/// embedded-log engine path, one thread, 1.8-2.2M events/s in most runs with page faults
/// and zeroing at ~8% of CPU, 2.3-3.5M with these settings; `rivulet bench broker` client
/// consume of 512-byte records 1.12M msg/s at 0.52 CPU-s per million, 1.23M at 0.44. A 4 MiB
/// threshold helped the log path as much but mapped every Fetch buffer (0.82M at 0.9). 32 MiB
/// is the highest value glibc's own adjustment would reach; an arena gives back free memory
/// at its top once there is more than 64 MiB of it.
public enum AllocatorTuning {
    public static let mmapThreshold: Int32 = 32 << 20
    public static let trimThreshold: Int32 = 64 << 20

    /// Sets both; false when the allocator is not glibc's or refused a setting.
    @discardableResult
    public static func apply() -> Bool {
        #if canImport(Glibc)
        // Swift's Glibc module leaves malloc.h out: mallopt is looked up, and its parameter
        // numbers are malloc.h's M_MMAP_THRESHOLD (-3) and M_TRIM_THRESHOLD (-1).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(-3, mmapThreshold) == 1 && mallopt(-1, trimThreshold) == 1
        #else
        return false
        #endif
    }
}
