import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// Produce in two phases. `append` runs in request order on the connection, so that
/// pipelined produces reach the log in the order the client sent them; `complete` then waits
/// for the fsync that acks=all needs, concurrently with later requests.
struct ProduceHandler {
    let context: BrokerContext

    /// A partition whose append must be on disk before the response goes out.
    struct DurableWait: Sendable {
        var topicIndex: Int
        var partitionIndex: Int
        var log: PartitionLog
        var lastOffset: Int64
    }

    /// What `append` did: the response so far and what is left to wait for.
    struct Appended: Sendable {
        var response: ProduceResponse
        var acks: Int16
        var durableWaits: [DurableWait]
        /// Whether any partition failed (acks=0 closes the connection then, as Kafka does,
        /// because the client has no other way to learn of it).
        var hasErrors: Bool
    }

    func handle(_ request: ProduceRequest, version: Int16) async -> ProduceResponse {
        await complete(append(request, version: version))
    }

    func append(_ request: ProduceRequest, version: Int16) -> Appended {
        guard [0, 1, -1].contains(request.acks) else {
            return reject(request, code: .invalidRequiredAcks)
        }
        var appended = Appended(response: ProduceResponse(), acks: request.acks, durableWaits: [], hasErrors: false)
        for (topicIndex, topic) in request.topicData.enumerated() {
            let logs = context.partitions(of: topic.name, autoCreate: true)
            var topicResponse = ProduceResponse.TopicProduceResponse(name: topic.name)
            for (partitionIndex, data) in topic.partitionData.enumerated() {
                let outcome = appendPartition(data, logs: logs)
                if outcome.response.errorCode != 0 {
                    appended.hasErrors = true
                } else if request.acks == -1, let wait = outcome.waitFor {
                    appended.durableWaits.append(
                        DurableWait(topicIndex: topicIndex, partitionIndex: partitionIndex, log: wait.log, lastOffset: wait.lastOffset))
                }
                topicResponse.partitionResponses.append(outcome.response)
            }
            appended.response.responses.append(topicResponse)
        }
        return appended
    }

    /// Waits for durability where acks=all asked for it; a failed fsync fails that partition.
    func complete(_ appended: Appended) async -> ProduceResponse {
        var response = appended.response
        for wait in appended.durableWaits {
            do {
                try await wait.log.waitUntilDurable(Offset(wait.lastOffset))
            } catch {
                let code: KafkaErrorCode = error is CancellationError ? .requestTimedOut : KafkaErrorCode(error)
                response.responses[wait.topicIndex].partitionResponses[wait.partitionIndex].errorCode = code.rawValue
                response.responses[wait.topicIndex].partitionResponses[wait.partitionIndex].baseOffset = -1
            }
        }
        return response
    }

    private func reject(_ request: ProduceRequest, code: KafkaErrorCode) -> Appended {
        let response = ProduceResponse(
            responses: request.topicData.map { topic in
                .init(name: topic.name, partitionResponses: topic.partitionData.map { failure($0.index, code) })
            })
        return Appended(response: response, acks: request.acks, durableWaits: [], hasErrors: true)
    }

    private func failure(_ index: Int32, _ code: KafkaErrorCode) -> ProduceResponse.TopicProduceResponse.PartitionProduceResponse {
        .init(index: index, errorCode: code.rawValue, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1)
    }

    private struct PartitionOutcome {
        var response: ProduceResponse.TopicProduceResponse.PartitionProduceResponse
        var waitFor: (log: PartitionLog, lastOffset: Int64)?
    }

    private func appendPartition(
        _ data: ProduceRequest.TopicProduceData.PartitionProduceData, logs: KafkaOutcome<[PartitionLog]>
    ) -> PartitionOutcome {
        let log: PartitionLog
        switch logs {
        case .failure(let code): return PartitionOutcome(response: failure(data.index, code))
        case .success(let all):
            guard data.index >= 0, Int(data.index) < all.count else {
                return PartitionOutcome(response: failure(data.index, .unknownTopicOrPartition))
            }
            log = all[Int(data.index)]
        }
        let records = data.records ?? ByteBuffer()
        let headers: [RecordBatchHeader]
        switch ProduceBatchInspection.inspect(records, maxMessageBytes: context.maxMessageBytes) {
        case .failure(let code): return PartitionOutcome(response: failure(data.index, code))
        case .success(let found): headers = found
        }
        let result: KafkaOutcome<(base: Int64, last: Int64)>
        if let first = headers.first, first.isIdempotent {
            result = appendIdempotent(records, header: first, to: log)
        } else {
            result = appendPlain(records, to: log)
        }
        switch result {
        case .failure(let code):
            return PartitionOutcome(response: failure(data.index, code))
        case .success(let offsets):
            // CreateTime topics answer -1 for the log append time.
            let response = ProduceResponse.TopicProduceResponse.PartitionProduceResponse(
                index: data.index, errorCode: 0, baseOffset: offsets.base, logAppendTimeMs: -1,
                logStartOffset: log.logStartOffset.rawValue)
            return PartitionOutcome(response: response, waitFor: (log, offsets.last))
        }
    }

    private func appendPlain(_ records: ByteBuffer, to log: PartitionLog) -> KafkaOutcome<(base: Int64, last: Int64)> {
        do {
            let result = try log.append(records)
            return .success((result.baseOffset.rawValue, result.lastOffset.rawValue))
        } catch {
            context.logger.debug("append refused", metadata: ["topic": "\(log.topic)", "error": "\(error)"])
            return .failure(KafkaErrorCode(error))
        }
    }

    /// Check, append and record under the partition's producer-state lock.
    private func appendIdempotent(
        _ records: ByteBuffer, header: RecordBatchHeader, to log: PartitionLog
    ) -> KafkaOutcome<(base: Int64, last: Int64)> {
        let lastSequence = ProducerSequenceState.lastSequence(first: header.baseSequence, lastOffsetDelta: header.lastOffsetDelta)
        return context.producerStates.withState(of: log) { state in
            switch state.check(
                producerID: header.producerID, epoch: header.producerEpoch, firstSequence: header.baseSequence,
                lastSequence: lastSequence)
            {
            case .reject(let code):
                return .failure(code)
            case .duplicate(let original):
                // A retry of a batch we already have: same offsets, no second copy. Its bytes
                // must still be intact, or a corrupt retry would be acknowledged.
                guard RecordBatchHeader.computeCRC(records, batchAt: records.readerIndex, totalSize: header.totalSize) == header.crc
                else { return .failure(.corruptMessage) }
                return .success((original.firstOffset, original.lastOffset))
            case .append:
                let appended = appendPlain(records, to: log)
                if case .success(let offsets) = appended {
                    state.record(
                        producerID: header.producerID, epoch: header.producerEpoch,
                        batch: ProducerSequenceState.metadata(of: header, firstOffset: offsets.base, lastOffset: offsets.last))
                }
                return appended
            }
        }
    }
}
