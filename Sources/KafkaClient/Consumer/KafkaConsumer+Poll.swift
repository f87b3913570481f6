import RivuletCore

extension KafkaConsumer {
    /// Waits at most `timeout` for fetched records and returns those of one fetch of one
    /// partition, in offset order: empty when the time ran out (or the chunk went stale by a
    /// seek, pause or rebalance), nil once the consumer is closed. For loops that have other
    /// work on a deadline (checkpoints, timers); use either this or `records`, not both.
    public func poll(timeout: Duration) async throws(KafkaClientError) -> [ConsumerRecord]? {
        let deadline = clock.now() + timeout
        // The reader and a timer race; the loser is cancelled, and a chunk the reader took
        // meanwhile is still collected, so none is lost.
        let results = await withTaskGroup(of: Result<FetchedChunk?, KafkaClientError>?.self) { group in
            group.addTask {
                do throws(KafkaClientError) { return .success(try await self.buffer.next()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await self.clock.sleepUntil(deadline)
                return nil
            }
            var results: [Result<FetchedChunk?, KafkaClientError>] = []
            if let first = await group.next(), let first { results.append(first) }
            group.cancelAll()
            for await result in group { if let result { results.append(result) } }
            return results
        }
        for case .success(let chunk?) in results { return fresh(chunk) }
        for case .failure(let error) in results { throw error }
        return isStopping ? nil : []
    }

    /// The chunk's records the application may still have: it stops at the first one made
    /// stale by a seek, pause or reassignment since the fetch.
    private func fresh(_ chunk: FetchedChunk) -> [ConsumerRecord] {
        state.withLock { state in
            var out: [ConsumerRecord] = []
            out.reserveCapacity(chunk.records.count)
            for record in chunk.records {
                guard state.consumed(chunk.topicPartition, epoch: chunk.epoch, offset: record.offset) else { break }
                out.append(record)
            }
            return out
        }
    }
}
