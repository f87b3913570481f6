import KafkaProtocol
import Logging
import NIOCore
import RivuletCore

extension KafkaConsumer {
    /// Resolves starting offsets, then fetches from each leader (concurrently, one request
    /// per broker) and repeats. Each round's records are decoded (CRC, decompression, records)
    /// while the next round's Fetch is out, so the broker's time and ours overlap: a round
    /// advances positions from the batch headers alone, and a batch that then fails to decode
    /// puts its partition back at that batch. Errors are logged and retried with a backoff;
    /// only closing ends it.
    func fetchLoop() async {
        var failures = 0
        var undecoded: [UndecodedChunk] = []
        while !isStopping && !Task.isCancelled {
            do {
                try await resolvePositions()
                let fetchable = state.withLock { $0.fetchable }
                if fetchable.isEmpty && undecoded.isEmpty {
                    await fetcherWakeup.wait(until: clock.now() + .milliseconds(200), clock: clock)
                    continue
                }
                async let round = fetchable.isEmpty ? FetchRound() : fetchOnce(fetchable)
                let corrupt = await decodeAndBuffer(undecoded)
                let fetched = await round
                undecoded = fetched.chunks
                if let error = corrupt ?? fetched.error { throw error }
                failures = 0
            } catch {
                failures += 1
                if !isStopping { logger.warning("fetch failed", metadata: ["error": "\(error)"]) }
                let backoff = configuration.client.reconnectBackoff * min(1 << min(failures, 5), 20)
                await fetcherWakeup.wait(until: clock.now() + backoff, clock: clock)
            }
        }
    }

    /// Decodes fetched chunks in order and hands their records to the buffer. A chunk that
    /// does not decode puts its partition's position back at its fetch offset (a later chunk
    /// of that partition fetched meanwhile no longer matches the position and is dropped) and
    /// is returned as the error; the other partitions' chunks go on.
    private func decodeAndBuffer(_ chunks: [UndecodedChunk]) async -> KafkaClientError? {
        var failure: KafkaClientError?
        for chunk in chunks {
            let tp = chunk.topicPartition
            let current = state.withLock { state in
                state.partition(tp).map { $0.epoch == chunk.epoch && $0.fetchGeneration == chunk.generation } ?? false
            }
            guard current else { continue }
            do throws(KafkaClientError) {
                let records = try FetchedRecordDecoder.decode(
                    chunk.records, topicPartition: tp, fetchOffset: chunk.fetchOffset.rawValue, verifyCRC: configuration.checkCRCs,
                    maxDecompressedBytes: configuration.maxDecompressedBatchBytes
                ).records
                if !records.isEmpty { _ = await buffer.push(FetchedChunk(topicPartition: tp, epoch: chunk.epoch, records: records)) }
            } catch {
                state.withLock { $0.rewindFetched(tp, epoch: chunk.epoch, to: chunk.fetchOffset) }
                failure = failure ?? error
            }
        }
        return failure
    }

    /// Gives every partition without a position one: the group's commit, else `autoOffsetReset`.
    private func resolvePositions() async throws(KafkaClientError) {
        let missing = state.withLock { state in state.needingPosition.map { ($0, state.partition($0)?.reset) } }
        guard !missing.isEmpty else { return }
        var resolved: [TopicPartition: Offset] = [:]
        if let group = configuration.groupID {
            let wanted = missing.filter { $0.1 == nil }.map(\.0)
            if !wanted.isEmpty {
                resolved = try await GroupOffsets.fetch(group: group, partitions: wanted, cluster: cluster)
            }
        }
        var bySpec: [OffsetSpec: [TopicPartition]] = [:]
        for (tp, reset) in missing where resolved[tp] == nil {
            guard let spec = reset ?? defaultReset else {
                throw KafkaClientError(
                    .invalidArgument, "no committed offset for \(tp) and autoOffsetReset is none; seek first")
            }
            bySpec[spec, default: []].append(tp)
        }
        for (spec, tps) in bySpec {
            let offsets = try await OffsetLookup.offsets(tps, spec: spec, cluster: cluster)
            var latest: [TopicPartition: Offset?] = [:]
            if offsets.values.contains(where: { $0 == nil }) {
                latest = try await OffsetLookup.offsets(tps, spec: .latest, cluster: cluster)
            }
            for tp in tps { resolved[tp] = (offsets[tp] ?? nil) ?? (latest[tp] ?? nil) ?? .zero }
        }
        state.withLock { state in
            for (tp, offset) in resolved where state.partition(tp)?.position == nil { state.seek(tp, to: offset) }
        }
    }

    private var defaultReset: OffsetSpec? {
        switch configuration.autoOffsetReset {
        case .earliest: .earliest
        case .latest: .latest
        case .none: nil
        }
    }

    /// One partition's records from a Fetch, not decoded yet; the position already stands
    /// after them.
    struct UndecodedChunk: Sendable {
        var topicPartition: TopicPartition
        var epoch: UInt64
        /// The partition's `fetchGeneration` when fetched: a rewind since makes the chunk stale.
        var generation: UInt64
        var fetchOffset: Offset
        var records: ByteBuffer
    }

    /// What one round got: every leader's chunks, and the first leader's error, if any.
    struct FetchRound: Sendable {
        var chunks: [UndecodedChunk] = []
        var error: KafkaClientError?
    }

    /// One round: a Fetch to each leader in parallel. Chunks of leaders that answered are kept
    /// even when another failed: their positions have moved.
    private func fetchOnce(_ fetchable: [(TopicPartition, Offset, UInt64)]) async -> FetchRound {
        let metadata: MetadataCache
        do { metadata = try await cluster.metadata(for: Array(Set(fetchable.map(\.0.topic)))) } catch {
            return FetchRound(error: error)
        }
        var byLeader: [BrokerAddress: [(TopicPartition, Offset, UInt64)]] = [:]
        var leaderless = false
        for entry in fetchable {
            if let leader = metadata.leader(of: entry.0) {
                byLeader[leader.address, default: []].append(entry)
            } else {
                leaderless = true
            }
        }
        if leaderless { _ = try? await cluster.refreshMetadata(topics: Array(Set(fetchable.map(\.0.topic)))) }
        return await withTaskGroup(of: FetchRound.self) { group in
            for (address, entries) in byLeader {
                group.addTask {
                    var round = FetchRound()
                    do {
                        try await self.fetch(from: address, entries, into: &round.chunks)
                    } catch {
                        round.error = KafkaClientError.wrap(error, "Fetch from \(address)")
                    }
                    return round
                }
            }
            var all = FetchRound()
            for await round in group {
                all.chunks += round.chunks
                all.error = all.error ?? round.error
            }
            return all
        }
    }

    private func fetch(
        from address: BrokerAddress, _ entries: [(TopicPartition, Offset, UInt64)], into chunks: inout [UndecodedChunk]
    ) async throws(KafkaClientError) {
        let connection = try await cluster.connection(to: address)
        let request = FetchRequest(
            replicaID: -1, maxWaitMs: configuration.fetchMaxWait.int32Milliseconds, minBytes: configuration.fetchMinBytes,
            maxBytes: configuration.fetchMaxBytes, isolationLevel: 0, sessionID: 0, sessionEpoch: -1,
            topics: entries.map(\.0).groupedByTopic().map { topic, partitions in
                .init(
                    topic: topic,
                    partitions: partitions.compactMap { partition in
                        guard let entry = entries.first(where: { $0.0 == TopicPartition(topic, partition) }) else {
                            return nil
                        }
                        return .init(
                            partition: partition, fetchOffset: entry.1.rawValue,
                            partitionMaxBytes: configuration.maxPartitionFetchBytes)
                    })
            })
        let response = try await connection.send(
            request, timeout: configuration.client.requestTimeout + configuration.fetchMaxWait)
        try KafkaErrorCode(response.errorCode).check("Fetch from \(address)")
        let byPartition = Dictionary(entries.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })
        var stale = false
        for topic in response.responses {
            for data in topic.partitions {
                let tp = TopicPartition(topic.topic, data.partitionIndex)
                guard let (offset, epoch) = byPartition[tp] else { continue }
                stale = try handle(data, tp: tp, offset: offset, epoch: epoch, into: &chunks) || stale
            }
        }
        if stale { _ = try? await cluster.refreshMetadata(topics: Array(Set(entries.map(\.0.topic)))) }
    }

    /// Returns true when metadata should be refreshed (leader moved, topic unknown).
    private func handle(
        _ data: FetchResponse.FetchableTopicResponse.PartitionData, tp: TopicPartition, offset: Offset, epoch: UInt64,
        into chunks: inout [UndecodedChunk]
    ) throws(KafkaClientError) -> Bool {
        let code = KafkaErrorCode(data.errorCode)
        switch code {
        case .none:
            guard let records = data.records else { return false }
            let next = Offset(try FetchedRecordDecoder.nextOffset(records, topicPartition: tp, fetchOffset: offset.rawValue))
            guard next > offset else { return false }
            let generation = state.withLock { state in
                state.advanceFetched(tp, epoch: epoch, from: offset, to: next) ? state.partition(tp)?.fetchGeneration : nil
            }
            if let generation {
                chunks.append(
                    UndecodedChunk(topicPartition: tp, epoch: epoch, generation: generation, fetchOffset: offset, records: records))
            }
            return false
        case .offsetOutOfRange:
            logger.info("fetch offset out of range; resetting", metadata: ["partition": "\(tp)", "offset": "\(offset)"])
            guard let reset = defaultReset else {
                throw KafkaClientError(broker: code, "Fetch \(tp) at \(offset) with autoOffsetReset none")
            }
            state.withLock { $0.requestReset(tp, to: reset) }
            return false
        case .notLeaderOrFollower, .leaderNotAvailable, .unknownTopicOrPartition, .fencedLeaderEpoch,
            .unknownLeaderEpoch:
            return true
        default:
            throw KafkaClientError(broker: code, "Fetch \(tp) at \(offset)")
        }
    }
}
