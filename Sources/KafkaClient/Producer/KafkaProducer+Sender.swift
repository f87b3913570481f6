import KafkaProtocol
import Logging
import NIOCore
import ServiceLifecycle

extension KafkaProducer {
    /// The sender: drains ready batches, groups them by leader into Produce requests, and
    /// handles the answers in child tasks (so up to `maxInFlightPerPartition` requests per
    /// partition overlap). Returns once closing and everything accepted has been delivered.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                await senderLoop(group: &group)
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.beginClose()
        }
        finishFlushWaiters()
        await cluster.close()
    }

    private func senderLoop(group: inout TaskGroup<Void>) async {
        while true {
            if state.withLock({ $0.accumulator.needsProducerID }) {
                guard await initProducerID() else { return }
            }
            let now = clock.now()
            let (drained, deadline, finished) = state.withLock { state in
                let drained = state.accumulator.drain(now: now)
                let finished = state.closing && state.accumulator.isEmpty
                return (drained, state.accumulator.nextDeadline(), finished)
            }
            for (batch, error) in drained.failed { fail(batch, error) }
            if !drained.failed.isEmpty { afterBatchesLeft() }
            if finished { return }
            if drained.ready.isEmpty {
                if Task.isCancelled { return abandonPending() }
                await wakeup.wait(until: deadline, clock: clock)
                continue
            }
            await dispatch(encode(drained.ready), group: &group)
        }
    }

    /// Compresses the drained batches outside the lock (appends go on meanwhile) and keeps
    /// each encoding for retries; a batch that cannot be encoded fails its records.
    private func encode(_ drained: [ProducerBatch]) -> [ProducerBatch] {
        var ready: [ProducerBatch] = []
        var failed: [(ProducerBatch, KafkaClientError)] = []
        for var batch in drained {
            do {
                try batch.encode(codec: configuration.compression)
                ready.append(batch)
            } catch {
                failed.append((batch, error))
            }
        }
        state.withLock { state in
            for batch in ready { state.accumulator.storeEncoding(of: batch) }
            for (batch, _) in failed { _ = state.accumulator.finish(batch.id) }
        }
        for (batch, error) in failed { fail(batch, error) }
        if !failed.isEmpty { afterBatchesLeft() }
        return ready
    }

    /// InitProducerId with retries; false when the producer is closing and should stop trying.
    private func initProducerID() async -> Bool {
        var failures = 0
        while !Task.isCancelled {
            do {
                let connection = try await cluster.anyConnection()
                let response = try await connection.send(InitProducerIDRequest(transactionalID: nil, transactionTimeoutMs: 60_000))
                try KafkaErrorCode(response.errorCode).check("InitProducerId")
                state.withLock { $0.accumulator.setProducerID(response.producerID, epoch: response.producerEpoch) }
                logger.debug("producer id", metadata: ["id": "\(response.producerID)", "epoch": "\(response.producerEpoch)"])
                return true
            } catch {
                failures += 1
                logger.warning("InitProducerId failed", metadata: ["error": "\(error)"])
                if state.withLock({ $0.closing }) && failures >= 3 {
                    abandonPending(error)
                    return false
                }
                try? await sleep(on: clock.clock, for: configuration.retryBackoff * min(failures, 10))
            }
        }
        return false
    }

    /// Groups batches by leader broker and writes one Produce request per broker.
    private func dispatch(_ batches: [ProducerBatch], group: inout TaskGroup<Void>) async {
        let metadata = await cluster.metadata
        var byLeader: [BrokerAddress: [ProducerBatch]] = [:]
        var leaderless: [ProducerBatch] = []
        for batch in batches {
            if let leader = metadata.leader(of: batch.topicPartition) {
                byLeader[leader.address, default: []].append(batch)
            } else {
                leaderless.append(batch)
            }
        }
        if !leaderless.isEmpty {
            let error = KafkaClientError(.unknownTopicOrPartition, "no leader known yet")
            retry(leaderless, error)
            _ = try? await cluster.refreshMetadata(topics: Array(Set(leaderless.map(\.topicPartition.topic))))
        }
        for (address, batches) in byLeader.sorted(by: { $0.key.description < $1.key.description }) {
            do {
                let connection = try await cluster.connection(to: address)
                for request in produceRequests(for: batches) {
                    try send(request, on: connection, group: &group)
                }
            } catch {
                retry(batches, error)
            }
        }
    }

    /// Splits batches into requests no larger than `maxRequestSize` (one batch always fits).
    private func produceRequests(for batches: [ProducerBatch]) -> [[ProducerBatch]] {
        var requests: [[ProducerBatch]] = []
        var current: [ProducerBatch] = []
        var size = 0
        for batch in batches {
            let bytes = batch.encoded?.readableBytes ?? 0
            if !current.isEmpty, size + bytes > configuration.maxRequestSize {
                requests.append(current)
                current = []
                size = 0
            }
            current.append(batch)
            size += bytes
        }
        if !current.isEmpty { requests.append(current) }
        return requests
    }

    private func send(
        _ batches: [ProducerBatch], on connection: BrokerConnection, group: inout TaskGroup<Void>
    ) throws(KafkaClientError) {
        var topics: [String: [ProduceRequest.TopicProduceData.PartitionProduceData]] = [:]
        for batch in batches {
            topics[batch.topicPartition.topic, default: []].append(
                .init(index: batch.topicPartition.partition, records: batch.encoded))
        }
        let request = ProduceRequest(
            transactionalID: nil, acks: configuration.acks.rawValue,
            timeoutMs: configuration.client.requestTimeout.int32Milliseconds,
            topicData: topics.keys.sorted().map { .init(name: $0, partitionData: topics[$0] ?? []) })
        if configuration.acks == .none {
            try connection.writeWithoutResponse(request)
            for batch in batches { complete(batch.id, baseOffset: nil, logAppendTime: nil) }
            afterBatchesLeft()
            return
        }
        let inFlight = try connection.write(request)
        // Time the broker gets to answer: its own timeout plus the usual request timeout.
        let timeout = configuration.client.requestTimeout * 2
        group.addTask {
            do {
                let response = try await inFlight.response(timeout: timeout)
                let stale = self.handle(response, for: batches)
                if !stale.isEmpty { _ = try? await self.cluster.refreshMetadata(topics: stale.sorted()) }
            } catch {
                self.retry(batches, KafkaClientError.wrap(error, "Produce to \(connection.address)"))
            }
            self.afterBatchesLeft()
        }
    }

    /// Completes, retries or fails each batch; returns topics whose leaders moved.
    private func handle(_ response: ProduceResponse, for batches: [ProducerBatch]) -> Set<String> {
        var answers: [TopicPartition: ProduceResponse.TopicProduceResponse.PartitionProduceResponse] = [:]
        for topic in response.responses {
            for partition in topic.partitionResponses { answers[TopicPartition(topic.name, partition.index)] = partition }
        }
        var staleTopics: Set<String> = []
        for batch in batches {
            guard let answer = answers[batch.topicPartition] else {
                retry([batch], KafkaClientError(.protocolError, "Produce response has no answer for \(batch.topicPartition)"))
                continue
            }
            let code = KafkaErrorCode(answer.errorCode)
            switch code {
            case .none:
                complete(batch.id, baseOffset: answer.baseOffset, logAppendTime: answer.logAppendTimeMs)
            case .duplicateSequenceNumber:
                // Already written by an earlier attempt; the broker does not say where.
                complete(batch.id, baseOffset: answer.baseOffset >= 0 ? answer.baseOffset : nil, logAppendTime: nil)
            default:
                let error = KafkaClientError(
                    broker: code, "Produce to \(batch.topicPartition)", errorMessage: answer.errorMessage)
                if code == .notLeaderOrFollower || code == .leaderNotAvailable || code == .unknownTopicOrPartition {
                    staleTopics.insert(batch.topicPartition.topic)
                }
                // Out-of-order means an earlier batch of the partition is being retried; resending in order heals it.
                if error.isRetriable || (configuration.idempotent && code == .outOfOrderSequenceNumber) {
                    retry([batch], error)
                } else {
                    if configuration.idempotent { state.withLock { $0.accumulator.resetProducerID() } }
                    if let finished = state.withLock({ $0.accumulator.finish(batch.id) }) { fail(finished, error) }
                }
            }
        }
        return staleTopics
    }

    private func complete(_ id: UInt64, baseOffset: Int64?, logAppendTime: Int64?) {
        guard let batch = state.withLock({ $0.accumulator.finish(id) }) else { return }
        counters.acknowledge(batch.topicPartition, records: batch.recordCount, baseOffset: baseOffset)
        batch.complete(baseOffset: baseOffset, logAppendTime: logAppendTime)
    }

    private func retry(_ batches: [ProducerBatch], _ error: KafkaClientError) {
        let retryAt = clock.now() + configuration.retryBackoff
        state.withLock { state in
            for batch in batches { state.accumulator.retry(batch.id, at: retryAt, error: error) }
        }
        logger.debug("produce will be retried", metadata: ["batches": "\(batches.count)", "error": "\(error)"])
        wakeup.raise()
    }

    func fail(_ batch: ProducerBatch, _ error: KafkaClientError) {
        if !batch.hasAwaitingSenders {
            state.withLock { state in
                if state.unreportedFailure == nil { state.unreportedFailure = error }
            }
        }
        logger.warning(
            "record batch failed", metadata: ["partition": "\(batch.topicPartition)", "records": "\(batch.recordCount)", "error": "\(error)"])
        counters.failed.add(batch.recordCount, ordering: .relaxed)
        batch.fail(error)
    }

    /// Batches left the accumulator: wake memory waiters and, when empty, flushers.
    func afterBatchesLeft() {
        releaseMemoryWaiters()
        let flushers = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.accumulator.isEmpty else { return [] }
            if !state.closing { state.accumulator.flushing = false }
            defer { state.flushWaiters.removeAll() }
            return state.flushWaiters
        }
        for flusher in flushers { flusher.resume() }
        wakeup.raise()
    }

    /// The sender stops for good (cancelled, or no producer ID while closing): fail what is left.
    private func abandonPending(_ cause: KafkaClientError? = nil) {
        let pending = state.withLock { state -> [ProducerBatch] in
            state.closing = true
            return state.accumulator.removeAllPending()
        }
        let error = KafkaClientError(.closed, "the producer stopped before these records were sent", cause: cause)
        for batch in pending { fail(batch, error) }
        afterBatchesLeft()
    }

    private func finishFlushWaiters() {
        let (flushers, waiters) = state.withLock { state in
            state.closing = true
            defer {
                state.flushWaiters.removeAll()
                state.memoryWaiters.removeAll()
            }
            return (state.flushWaiters, state.memoryWaiters.map(\.continuation))
        }
        for flusher in flushers { flusher.resume() }
        for waiter in waiters { waiter.resume(throwing: KafkaClientError(.closed, "the producer is closed")) }
    }
}
