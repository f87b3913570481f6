import Foundation
import Testing

@testable import StreamEngine

@Suite struct OrderedWorkPoolTests {
    /// Jobs that finish out of order (later ones are quicker) still come back in submission
    /// order, each computed once, with no more scratches made than jobs ran at once.
    @Test func resultsComeBackInSubmissionOrder() async {
        let made = Counter()
        let pool = OrderedWorkPool<Int, Int, Int>(workers: 3, makeScratch: { made.increment() }) { job, scratch in
            usleep(useconds_t((20 - job % 20) * 200))
            scratch += 1
            return job * 10
        }
        var results: [Int] = []
        var submitted = 0
        while results.count < 200 {
            while submitted < 200, pool.inFlight < 6 {
                pool.submit(submitted)
                submitted += 1
            }
            results.append(await pool.next())
        }
        #expect(results == (0..<200).map { $0 * 10 })
        #expect(pool.inFlight == 0)
        #expect(made.value >= 1 && made.value <= 6)
    }

    /// Quick jobs (mostly finished before `next()` asks) come back in order too.
    @Test func quickJobsComeBackInOrder() async {
        let pool = OrderedWorkPool<String, String, Void>(workers: 1, makeScratch: {}) { job, _ in job.uppercased() }
        pool.submit("a")
        pool.submit("b")
        #expect(await pool.next() == "A")
        #expect(await pool.next() == "B")
    }
}

/// Counts scratches made, from any thread.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() -> Int { lock.withLock { count += 1; return count } }
}
