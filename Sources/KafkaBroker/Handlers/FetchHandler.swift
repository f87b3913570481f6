import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// Fetch: reads every requested partition, and when fewer than `minBytes` came back, parks
/// until any of them gets new data or `maxWaitMs` passes (capped by the configuration),
/// then reads again. Waiting uses the log's append wake-ups, never polling.
///
/// Fetch sessions (KIP-227) are not kept: every answer says session 0, which tells clients
/// to send full fetches; a request naming a session gets FETCH_SESSION_ID_NOT_FOUND.
struct FetchHandler {
    let context: BrokerContext

    func handle(_ request: FetchRequest, version: Int16) async -> FetchResponse {
        guard request.sessionID == 0 else {
            return FetchResponse(errorCode: KafkaErrorCode.fetchSessionIDNotFound.rawValue, sessionID: 0)
        }
        let maxWait = min(Duration.milliseconds(Int64(max(0, request.maxWaitMs))), context.configuration.fetchMaxWait)
        return await fetch(request, maxWait: maxWait, clock: context.clock)
    }

    private func fetch<C: Clock<Duration>>(_ request: FetchRequest, maxWait: Duration, clock: C) async -> FetchResponse {
        let deadline = clock.now.advanced(by: maxWait)
        let minBytes = max(0, Int(request.minBytes))
        while true {
            let pass = read(request)
            if pass.bytes >= minBytes || pass.hasErrors || pass.watches.isEmpty
                || Task.isCancelled || clock.now >= deadline
            {
                return pass.response
            }
            let woken = await Self.waitForData(pass.watches, until: deadline, clock: clock)
            if !woken { return read(request).response }
        }
    }

    /// One read of every partition.
    struct Pass {
        var response = FetchResponse()
        var bytes = 0
        var hasErrors = false
        /// Partitions and the offset whose arrival would change the answer.
        var watches: [(PartitionLog, Offset)] = []
    }

    func read(_ request: FetchRequest) -> Pass {
        var pass = Pass()
        var remaining = Int(request.maxBytes)
        let readCommitted = request.isolationLevel == 1
        for topic in request.topics {
            let logs = context.logStore.partitions(of: topic.topic)
            var topicResponse = FetchResponse.FetchableTopicResponse(topic: topic.topic)
            for wanted in topic.partitions {
                guard let logs, wanted.partition >= 0, Int(wanted.partition) < logs.count else {
                    pass.hasErrors = true
                    topicResponse.partitions.append(
                        .init(
                            partitionIndex: wanted.partition, errorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue,
                            highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: nil))
                    continue
                }
                let log = logs[Int(wanted.partition)]
                // KIP-74: the first batch is returned whole even past the limits, so that a
                // consumer always makes progress; later partitions stop at the request's limit.
                var limit = min(Int(wanted.partitionMaxBytes), remaining)
                if pass.bytes == 0 && wanted.partitionMaxBytes > 0 { limit = max(limit, 1) }
                var data = readPartition(log, from: wanted.fetchOffset, maxBytes: limit, readCommitted: readCommitted)
                data.partitionIndex = wanted.partition
                if data.errorCode != 0 {
                    pass.hasErrors = true
                } else {
                    let count = data.records?.readableBytes ?? 0
                    pass.bytes += count
                    remaining -= count
                    pass.watches.append((log, Offset(data.highWatermark)))
                }
                topicResponse.partitions.append(data)
            }
            pass.response.responses.append(topicResponse)
        }
        return pass
    }

    private func readPartition(
        _ log: PartitionLog, from offset: Int64, maxBytes: Int, readCommitted: Bool
    ) -> FetchResponse.FetchableTopicResponse.PartitionData {
        // Without transactions every record is committed: the last stable offset is the
        // high watermark, and read_committed has no aborted transactions to list.
        let aborted: [FetchResponse.FetchableTopicResponse.PartitionData.AbortedTransaction]? = readCommitted ? [] : nil
        do {
            if maxBytes <= 0 {
                let end = log.highWatermark.rawValue
                let start = log.logStartOffset.rawValue
                guard offset >= start, offset <= end else { throw LogStoreError(.offsetOutOfRange, "") }
                return .init(
                    highWatermark: end, lastStableOffset: end, logStartOffset: start, abortedTransactions: aborted,
                    records: ByteBuffer())
            }
            let result = try log.read(from: Offset(offset), maxBytes: maxBytes)
            return .init(
                highWatermark: result.highWatermark.rawValue, lastStableOffset: result.highWatermark.rawValue,
                logStartOffset: result.logStartOffset.rawValue, abortedTransactions: aborted, records: result.records)
        } catch {
            let end = log.highWatermark.rawValue
            return .init(
                errorCode: KafkaErrorCode(error).rawValue, highWatermark: end, lastStableOffset: end,
                logStartOffset: log.logStartOffset.rawValue, abortedTransactions: aborted, records: ByteBuffer())
        }
    }

    /// True when data arrived (or a partition closed), false when the deadline passed first.
    static func waitForData<C: Clock<Duration>>(
        _ watches: [(PartitionLog, Offset)], until deadline: C.Instant, clock: C
    ) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            for (log, offset) in watches {
                group.addTask {
                    // A closed partition (topic deleted) also ends the wait: the next read reports it.
                    do { try await log.waitForData(at: offset) } catch {}
                    return !Task.isCancelled
                }
            }
            group.addTask {
                try? await clock.sleep(until: deadline, tolerance: nil)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
