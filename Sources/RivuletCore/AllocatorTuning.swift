#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator, set for a process that reads and decodes megabyte chunks all day.
///
/// By default glibc serves each allocation above its mmap threshold with a fresh mapping and
/// unmaps it on free; the threshold adapts, but not to a pipeline's pattern: a ~1 MiB log
/// read and a batch source of about that size per chunk, allocated on one thread and freed
/// on another. Measured on the embedded-log engine path (one thread, 2M events): page
/// faults and zeroing took ~8% of the CPU and it ran at 1.8-2.2M events/s in most runs,
/// against 3.3-3.6M in every run with these two settings. Buffers over 4 MiB (whole-file
/// reads) are still mapped and returned on free, and an arena gives back free memory at its
/// top once there is more than 64 MiB of it.
public enum AllocatorTuning {
    public static let mmapThreshold: Int32 = 4 << 20
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
