import KafkaClient
import Synchronization
import TestSupport
import Testing

@testable import RivuletApp

/// The consumer's rebalance call waits until the pipeline task has handled the change, and
/// returns at once once the pipeline has stopped.
@Suite struct RebalanceMailboxTests {
    @Test func aRevokeWaitsForThePipelineAndCloseReleasesEveryone() async throws {
        let mailbox = RebalanceMailbox()
        let returned = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await mailbox.partitionsRevoked([TopicPartition("t", 0), TopicPartition("t", 1)])
                returned.value.add(1, ordering: .sequentiallyConsistent)
            }
            var pending: [RebalanceMailbox.Pending] = []
            try await eventually("the revoke is posted", timeout: .seconds(10)) {
                pending += mailbox.take()
                return !pending.isEmpty
            }
            if case .revoked(let tps) = pending[0].change {
                #expect(tps.map(\.partition) == [0, 1])
            } else {
                Issue.record("expected a revoke, got \(pending[0].change)")
            }
            #expect(returned.value.load(ordering: .sequentiallyConsistent) == 0)
            pending[0].done.resume()
            try await group.waitForAll()
            #expect(returned.value.load(ordering: .sequentiallyConsistent) == 1)

            group.addTask { await mailbox.partitionsLost([TopicPartition("t", 2)]) }
            try await eventually("the loss is posted", timeout: .seconds(10)) { !mailbox.isEmpty }
            mailbox.close()
            try await group.waitForAll()
            await mailbox.partitionsAssigned([TopicPartition("t", 0)])  // returns at once after close
            #expect(mailbox.take().isEmpty)
        }
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
