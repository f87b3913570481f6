#if canImport(Glibc)
import Glibc
import Testing

import RivuletCore

@Suite struct AllocatorTuningTests {
    /// After tuning, an 8 MiB buffer (a log read, a Fetch response) comes from an arena and
    /// a 64 MiB one is still mapped. glibc marks a mapped chunk with bit 1 (IS_MMAPPED) of the
    /// size word just before the pointer malloc returns.
    @Test func chunkAndFetchBuffersComeFromTheArenaAndHugeOnesAreMapped() throws {
        #expect(AllocatorTuning.apply())
        func isMapped(_ bytes: Int) throws -> Bool {
            let p = try #require(malloc(bytes))
            defer { free(p) }
            return (p - MemoryLayout<Int>.size).load(as: Int.self) & 2 != 0
        }
        #expect(try !isMapped(8 << 20))
        #expect(try isMapped(64 << 20))
    }
}
#endif
