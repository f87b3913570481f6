import KafkaProtocol
import LogStore
import RivuletCore

/// ListOffsets: latest (-1, the high watermark, which is also the last stable offset without
/// transactions), earliest (-2), max timestamp (-3, v7) and the first offset at or after a
/// timestamp. "No such record" is offset -1 with timestamp -1, as Kafka answers.
struct ListOffsetsHandler {
    static let latest: Int64 = -1
    static let earliest: Int64 = -2
    static let maxTimestamp: Int64 = -3

    let context: BrokerContext

    func handle(_ request: ListOffsetsRequest, version: Int16) -> ListOffsetsResponse {
        ListOffsetsResponse(
            topics: request.topics.map { topic in
                let logs = context.logStore.partitions(of: topic.name)
                return .init(
                    name: topic.name,
                    partitions: topic.partitions.map { wanted in
                        guard let logs, wanted.partitionIndex >= 0, Int(wanted.partitionIndex) < logs.count else {
                            return .init(
                                partitionIndex: wanted.partitionIndex,
                                errorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue)
                        }
                        var answer = lookUp(wanted.timestamp, in: logs[Int(wanted.partitionIndex)], version: version)
                        answer.partitionIndex = wanted.partitionIndex
                        return answer
                    })
            })
    }

    private func lookUp(
        _ timestamp: Int64, in log: PartitionLog, version: Int16
    ) -> ListOffsetsResponse.ListOffsetsTopicResponse.ListOffsetsPartitionResponse {
        do {
            switch timestamp {
            case Self.latest:
                return .init(timestamp: -1, offset: log.highWatermark.rawValue)
            case Self.earliest:
                return .init(timestamp: -1, offset: log.logStartOffset.rawValue)
            case Self.maxTimestamp where version >= 7:
                guard let (offset, time) = log.maxTimestamp else { return .init(timestamp: -1, offset: -1) }
                let exact = try RecordTimestampSearch.recordWithMaxTimestamp(in: log, batchOffset: offset, timestamp: time)
                return .init(timestamp: exact.timestamp.milliseconds, offset: exact.offset.rawValue)
            case ..<0:
                // Other negative values are not timestamps; -3 before v7 is one of them.
                return .init(errorCode: KafkaErrorCode.invalidRequest.rawValue)
            default:
                guard let (batchOffset, _) = try log.offset(forTimestamp: Timestamp(milliseconds: timestamp)) else {
                    return .init(timestamp: -1, offset: -1)
                }
                let exact = try RecordTimestampSearch.firstRecord(
                    in: log, batchOffset: batchOffset, atOrAfter: Timestamp(milliseconds: timestamp))
                return .init(timestamp: exact.timestamp.milliseconds, offset: exact.offset.rawValue)
            }
        } catch {
            return .init(errorCode: KafkaErrorCode(error).rawValue)
        }
    }
}
