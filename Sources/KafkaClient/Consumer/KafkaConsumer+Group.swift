import KafkaProtocol
import Logging
import NIOCore
import RivuletCore

extension KafkaConsumer {
    /// Group membership (eager rebalancing, "consumer" protocol): join, sync, heartbeat,
    /// auto-commit; on a rebalance commit and give up the assignment, then join again. In
    /// `assign` mode only auto-commit runs. On close: commit, then LeaveGroup.
    func groupLoop() async {
        var failures = 0
        while !isStopping && !Task.isCancelled {
            switch state.withLock({ $0.mode }) {
            case .none:
                await groupWakeup.wait(until: clock.now() + .seconds(1), clock: clock)
            case .assigned:
                await groupWakeup.wait(until: clock.now() + configuration.autoCommitInterval, clock: clock)
                if configuration.enableAutoCommit, !isStopping { await autoCommit() }
            case .subscribed(let topics):
                do {
                    try await joinAndSync(topics: topics)
                    failures = 0
                    try await heartbeatUntilRebalance(topics: topics)
                } catch {
                    failures += 1
                    if isStopping { break }
                    logger.warning("group membership failed; rejoining", metadata: ["error": "\(error)"])
                    await revoke(commit: false)
                    await groupWakeup.wait(
                        until: clock.now() + configuration.client.reconnectBackoff * min(1 << min(failures, 5), 20),
                        clock: clock)
                }
            }
        }
        await leaveGroup()
    }

    private var groupID: String { configuration.groupID ?? "" }

    private func joinAndSync(topics: [String]) async throws(KafkaClientError) {
        let subscription = ConsumerProtocol.encode(ConsumerProtocol.Subscription(topics: topics))
        let timeout = configuration.rebalanceTimeout + configuration.client.requestTimeout
        var attempts = 0
        while !isStopping {
            attempts += 1
            guard attempts <= 20 else { throw KafkaClientError(.timeout, "could not join group \(groupID) after 20 attempts") }
            let coordinator = try await cluster.coordinator(group: groupID)
            let memberID = state.withLock { $0.memberID }
            let join = JoinGroupRequest(
                groupID: groupID, sessionTimeoutMs: configuration.sessionTimeout.int32Milliseconds,
                rebalanceTimeoutMs: configuration.rebalanceTimeout.int32Milliseconds, memberID: memberID,
                groupInstanceID: nil, protocolType: ConsumerProtocol.protocolType,
                protocols: configuration.assignmentStrategies.map { .init(name: $0.rawValue, metadata: subscription) },
                reason: nil)
            let joined = try await coordinator.send(join, timeout: timeout)
            let code = KafkaErrorCode(joined.errorCode)
            switch code {
            case .none: break
            case .memberIDRequired:
                state.withLock { $0.memberID = joined.memberID }
                continue
            case .unknownMemberID, .illegalGeneration:
                state.withLock { $0.memberID = "" }
                continue
            case .rebalanceInProgress:
                continue
            case .notCoordinator, .coordinatorNotAvailable, .coordinatorLoadInProgress:
                await cluster.forgetCoordinator(group: groupID)
                throw KafkaClientError(broker: code, "JoinGroup \(groupID)")
            default:
                throw KafkaClientError(broker: code, "JoinGroup \(groupID)")
            }
            state.withLock {
                $0.memberID = joined.memberID
                $0.generationID = joined.generationID
            }
            var assignments: [SyncGroupRequest.SyncGroupRequestAssignment] = []
            if joined.leader == joined.memberID {
                assignments = try await leaderAssignments(joined)
            }
            let sync = SyncGroupRequest(
                groupID: groupID, generationID: joined.generationID, memberID: joined.memberID, groupInstanceID: nil,
                protocolType: ConsumerProtocol.protocolType, protocolName: joined.protocolName,
                assignments: assignments)
            let synced = try await coordinator.send(sync, timeout: timeout)
            let syncCode = KafkaErrorCode(synced.errorCode)
            switch syncCode {
            case .none: break
            case .rebalanceInProgress: continue
            case .unknownMemberID, .illegalGeneration:
                state.withLock { $0.memberID = "" }
                continue
            default:
                throw KafkaClientError(broker: syncCode, "SyncGroup \(groupID)")
            }
            let assignment = try ConsumerProtocol.decodeAssignment(synced.assignment)
            state.withLock { $0.setAssignment(assignment.partitions) }
            await configuration.rebalanceListener?.partitionsAssigned(assignment.partitions.sorted())
            logger.info(
                "joined group",
                metadata: [
                    "group": "\(groupID)", "generation": "\(joined.generationID)",
                    "partitions": "\(assignment.partitions.sorted().map(\.description).joined(separator: ","))",
                ])
            fetcherWakeup.raise()
            return
        }
    }

    /// The leader's job: run the chosen assignor over every member's subscription.
    private func leaderAssignments(
        _ joined: JoinGroupResponse
    ) async throws(KafkaClientError) -> [SyncGroupRequest.SyncGroupRequestAssignment] {
        var members: [PartitionAssignor.Member] = []
        for member in joined.members {
            let subscription = try ConsumerProtocol.decodeSubscription(member.metadata)
            members.append(.init(memberID: member.memberID, topics: subscription.topics))
        }
        let topics = Array(Set(members.flatMap(\.topics))).sorted()
        let metadata = try await cluster.refreshMetadata(topics: topics)
        var counts: [String: Int] = [:]
        for topic in topics { counts[topic] = metadata.partitionCount(of: topic) }
        let strategy = KafkaConsumerConfiguration.AssignmentStrategy(rawValue: joined.protocolName ?? "") ?? .range
        let plan = PartitionAssignor.assign(strategy, members: members, partitionCounts: counts)
        return members.map { member in
            .init(
                memberID: member.memberID,
                assignment: ConsumerProtocol.encode(ConsumerProtocol.Assignment(partitions: plan[member.memberID] ?? [])))
        }
    }

    /// Heartbeats (and auto-commits) until the group rebalances, the subscription changes, or we stop.
    private func heartbeatUntilRebalance(topics: [String]) async throws(KafkaClientError) {
        var nextCommit = clock.now() + configuration.autoCommitInterval
        while !isStopping && !Task.isCancelled {
            await groupWakeup.wait(until: clock.now() + configuration.heartbeatInterval, clock: clock)
            if isStopping { return }
            if state.withLock({ $0.mode }) != .subscribed(topics) {
                await revoke(commit: true)
                return
            }
            let (generation, member) = state.withLock { ($0.generationID, $0.memberID) }
            let coordinator = try await cluster.coordinator(group: groupID)
            let response = try await coordinator.send(
                HeartbeatRequest(groupID: groupID, generationID: generation, memberID: member, groupInstanceID: nil))
            let code = KafkaErrorCode(response.errorCode)
            switch code {
            case .none:
                break
            case .rebalanceInProgress:
                logger.info("group is rebalancing", metadata: ["group": "\(groupID)"])
                await revoke(commit: true)
                return
            case .unknownMemberID, .illegalGeneration, .fencedInstanceID:
                await revoke(commit: false)
                state.withLock { $0.memberID = "" }
                return
            default:
                await cluster.forgetCoordinator(group: groupID)
                throw KafkaClientError(broker: code, "Heartbeat \(groupID)")
            }
            if configuration.enableAutoCommit, clock.now() >= nextCommit {
                await autoCommit()
                nextCommit = clock.now() + configuration.autoCommitInterval
            }
        }
    }

    /// Gives up the assignment before rejoining (eager protocol), committing first if asked.
    /// The listener hears of it first: revoked (we still own them) when committing, lost when not.
    private func revoke(commit: Bool) async {
        if let listener = configuration.rebalanceListener {
            let owned = state.withLock { $0.assignment }
            if !owned.isEmpty {
                if commit { await listener.partitionsRevoked(owned) } else { await listener.partitionsLost(owned) }
            }
        }
        if commit, configuration.enableAutoCommit { await autoCommit() }
        state.withLock { $0.clearAssignment() }
        buffer.removeAll()
    }

    func autoCommit() async {
        let offsets = state.withLock { $0.consumedOffsets }
        guard !offsets.isEmpty else { return }
        do {
            try await commit(offsets)
        } catch {
            logger.warning("auto-commit failed", metadata: ["error": "\(error)"])
        }
    }

    private func leaveGroup() async {
        if let listener = configuration.rebalanceListener, case .subscribed = state.withLock({ $0.mode }) {
            let owned = state.withLock { $0.assignment }
            if !owned.isEmpty { await listener.partitionsRevoked(owned) }
        }
        if configuration.enableAutoCommit { await autoCommit() }
        let (member, subscribed) = state.withLock { state -> (String, Bool) in
            if case .subscribed = state.mode { return (state.memberID, true) }
            return (state.memberID, false)
        }
        guard subscribed, !member.isEmpty else { return }
        do {
            let coordinator = try await cluster.coordinator(group: groupID)
            let version = try coordinator.version(of: .leaveGroup)
            var request = LeaveGroupRequest(groupID: groupID, memberID: member)
            if version >= 3 { request.members = [.init(memberID: member, groupInstanceID: nil, reason: "consumer closed")] }
            _ = try await coordinator.send(request, timeout: .seconds(5))
        } catch {
            logger.debug("LeaveGroup failed", metadata: ["error": "\(error)"])
        }
        state.withLock {
            $0.memberID = ""
            $0.clearAssignment()
        }
    }
}
