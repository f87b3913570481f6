#if canImport(Glibc)
import Glibc
import Testing

import RivuletCore

@Suite struct AllocatorTuningTests {
    /// After tuning, a 2 MiB buffer (a log read, a batch source) comes from an arena and an
    /// 8 MiB one is still mapped. glibc marks a mapped chunk with bit 1 (IS_MMAPPED) of the
    /// size word just before the pointer malloc returns.
    @Test func bufferOfAChunkComesFromTheArenaAndAHugeOneIsMapped() throws {
        #expect(AllocatorTuning.apply())
        func isMapped(_ bytes: Int) throws -> Bool {
            let p = try #require(malloc(bytes))
            defer { free(p) }
            return (p - MemoryLayout<Int>.size).load(as: Int.self) & 2 != 0
        }
        #expect(try !isMapped(2 << 20))
        #expect(try isMapped(8 << 20))
    }
}
#endif
