import KafkaProtocol
import LogStore
import RivuletCore

/// OffsetCommit and OffsetFetch over LogStore's `ConsumerOffsetStore`.
extension GroupCoordinator {
    public func offsetCommit(_ request: OffsetCommitRequest, version: Int16) async -> OffsetCommitResponse {
        let identity = GroupMemberIdentity(
            memberID: version >= 1 ? request.memberID : "",
            generationID: version >= 1 ? request.generationIDOrMemberEpoch : -1,
            groupInstanceID: version >= 7 ? request.groupInstanceID : nil)
        let groupCode = validateCommit(request.groupID, identity)
        var codes: [[KafkaErrorCode]] = request.topics.map { $0.partitions.map { _ in groupCode } }
        if groupCode == .none {
            storeOffsets(request, codes: &codes)
        }
        return OffsetCommitResponse(
            topics: zip(request.topics, codes).map { topic, topicCodes in
                .init(
                    name: topic.name,
                    partitions: zip(topic.partitions, topicCodes).map { .init(partitionIndex: $0.partitionIndex, errorCode: $1.rawValue) })
            })
    }

    /// Member and generation checks; a group the coordinator does not know accepts only
    /// commits outside group management (generation < 0), as Kafka's does.
    func validateCommit(_ groupID: String, _ identity: GroupMemberIdentity) -> KafkaErrorCode {
        if state.withLock({ $0.isShutDown }) { return .coordinatorNotAvailable }
        let missing: KafkaErrorCode = identity.generationID < 0 ? .none : .illegalGeneration
        return runImmediate(groupID, missingGroup: missing) { machine, now in machine.validateCommit(identity, now: now) }
    }

    /// Writes the valid partitions in one durable commit; `codes` gets each partition's result.
    private func storeOffsets(_ request: OffsetCommitRequest, codes: inout [[KafkaErrorCode]]) {
        let timestamp = wallClock.wallTime()
        var entries: [(topic: String, partition: Int32, committed: CommittedOffset)] = []
        var stored: [(Int, Int)] = []
        for (t, topic) in request.topics.enumerated() {
            for (p, partition) in topic.partitions.enumerated() {
                if (partition.committedMetadata?.utf8.count ?? 0) > configuration.maxOffsetMetadataBytes {
                    codes[t][p] = .offsetMetadataTooLarge
                    continue
                }
                let committed = CommittedOffset(
                    offset: Offset(partition.committedOffset), leaderEpoch: partition.committedLeaderEpoch,
                    metadata: partition.committedMetadata, commitTimestamp: timestamp)
                entries.append((topic.name, partition.partitionIndex, committed))
                stored.append((t, p))
            }
        }
        guard !entries.isEmpty else { return }
        do {
            try offsetStore.commit(group: request.groupID, offsets: entries)
        } catch {
            logger.error("could not store committed offsets", metadata: ["group": "\(request.groupID)", "error": "\(error)"])
            for (t, p) in stored { codes[t][p] = .kafkaStorageError }
        }
    }

    public func offsetFetch(_ request: OffsetFetchRequest, version: Int16) async -> OffsetFetchResponse {
        guard version >= 8 else {
            let topics = fetchOffsets(group: request.groupID, topics: request.topics.map { $0.map { ($0.name, $0.partitionIndexes) } })
            return OffsetFetchResponse(
                topics: topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map {
                        .init(partitionIndex: $0.partition, committedOffset: $0.offset, committedLeaderEpoch: $0.leaderEpoch,
                              metadata: $0.metadata, errorCode: KafkaErrorCode.none.rawValue)
                    })
                },
                errorCode: KafkaErrorCode.none.rawValue)
        }
        return OffsetFetchResponse(groups: request.groups.map { group in
            let topics = fetchOffsets(group: group.groupID, topics: group.topics.map { $0.map { ($0.name, $0.partitionIndexes) } })
            return .init(groupID: group.groupID, topics: topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map {
                    .init(partitionIndex: $0.partition, committedOffset: $0.offset, committedLeaderEpoch: $0.leaderEpoch,
                          metadata: $0.metadata, errorCode: KafkaErrorCode.none.rawValue)
                })
            })
        })
    }

    struct FetchedTopic {
        var name: String
        var partitions: [(partition: Int32, offset: Int64, leaderEpoch: Int32, metadata: String)]
    }

    /// The committed offsets asked for (nil topics: all the group has); a partition without
    /// one answers offset -1, which clients read as "use auto.offset.reset".
    func fetchOffsets(group: String, topics: [(name: String, partitions: [Int32])]?) -> [FetchedTopic] {
        guard let topics else {
            let all = offsetStore.committedOffsets(group: group)
            let byTopic = Dictionary(grouping: all, by: { $0.key.topic })
            return byTopic.keys.sorted().map { name in
                FetchedTopic(name: name, partitions: (byTopic[name] ?? []).sorted { $0.key.partition < $1.key.partition }.map {
                    ($0.key.partition, $0.value.offset.rawValue, $0.value.leaderEpoch, $0.value.metadata ?? "")
                })
            }
        }
        return topics.map { topic in
            FetchedTopic(name: topic.name, partitions: topic.partitions.map { partition in
                guard let committed = offsetStore.committed(group: group, topic: topic.name, partition: partition) else {
                    return (partition, -1, -1, "")
                }
                return (partition, committed.offset.rawValue, committed.leaderEpoch, committed.metadata ?? "")
            })
        }
    }
}
