import KafkaProtocol
import Logging
import RivuletCore

extension KafkaConsumer {
    /// Resolves starting offsets, then fetches from each leader (concurrently, one request
    /// per broker), hands chunks to the buffer, and repeats. Errors are logged and retried
    /// with a backoff; only closing ends it.
    func fetchLoop() async {
        var failures = 0
        while !isStopping && !Task.isCancelled {
            do {
                try await resolvePositions()
                let fetchable = state.withLock { $0.fetchable }
                if fetchable.isEmpty {
                    await fetcherWakeup.wait(until: clock.now() + .milliseconds(200), clock: clock)
                    continue
                }
                try await fetchOnce(fetchable)
                failures = 0
            } catch {
                failures += 1
                if !isStopping { logger.warning("fetch failed", metadata: ["error": "\(error)"]) }
                let backoff = configuration.client.reconnectBackoff * min(1 << min(failures, 5), 20)
                await fetcherWakeup.wait(until: clock.now() + backoff, clock: clock)
            }
        }
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

    /// One round: a Fetch to each leader in parallel; chunks go to the buffer as they decode.
    private func fetchOnce(_ fetchable: [(TopicPartition, Offset, UInt64)]) async throws(KafkaClientError) {
        let metadata = try await cluster.metadata(for: Array(Set(fetchable.map(\.0.topic))))
        var byLeader: [BrokerAddress: [(TopicPartition, Offset, UInt64)]] = [:]
        var leaderless = false
        for entry in fetchable {
            if let leader = metadata.leader(of: entry.0) {
                byLeader[leader.address, default: []].append(entry)
            } else {
                leaderless = true
            }
        }
        if leaderless { _ = try await cluster.refreshMetadata(topics: Array(Set(fetchable.map(\.0.topic)))) }
        let errors = await withTaskGroup(of: KafkaClientError?.self) { group in
            for (address, entries) in byLeader {
                group.addTask {
                    do {
                        try await self.fetch(from: address, entries)
                        return nil
                    } catch {
                        return KafkaClientError.wrap(error, "Fetch from \(address)")
                    }
                }
            }
            var errors: [KafkaClientError] = []
            for await error in group { if let error { errors.append(error) } }
            return errors
        }
        if let first = errors.first { throw first }
    }

    private func fetch(
        from address: BrokerAddress, _ entries: [(TopicPartition, Offset, UInt64)]
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
                stale = try await handle(data, tp: tp, offset: offset, epoch: epoch) || stale
            }
        }
        if stale { _ = try? await cluster.refreshMetadata(topics: Array(Set(entries.map(\.0.topic)))) }
    }

    /// Returns true when metadata should be refreshed (leader moved, topic unknown).
    private func handle(
        _ data: FetchResponse.FetchableTopicResponse.PartitionData, tp: TopicPartition, offset: Offset, epoch: UInt64
    ) async throws(KafkaClientError) -> Bool {
        let code = KafkaErrorCode(data.errorCode)
        switch code {
        case .none:
            let decoded = try FetchedRecordDecoder.decode(
                data.records, topicPartition: tp, fetchOffset: offset.rawValue, verifyCRC: configuration.checkCRCs,
                maxDecompressedBytes: configuration.maxDecompressedBatchBytes)
            let next = Offset(decoded.nextOffset)
            guard next > offset || !decoded.records.isEmpty else { return false }
            let current = state.withLock { $0.advanceFetched(tp, epoch: epoch, from: offset, to: next) }
            if current, !decoded.records.isEmpty {
                _ = await buffer.push(FetchedChunk(topicPartition: tp, epoch: epoch, records: decoded.records))
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
