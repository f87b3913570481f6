import KafkaClient
import RivuletCore
import Synchronization
import TestSupport
import Testing

/// Two members of one group split a topic's partitions and the survivor takes all of them
/// when the other leaves.
@Suite(.serialized, .enabled(if: IntegrationBroker.isAvailable))
struct GroupIntegrationTests {
    func makeConsumer(group: String, strategy: KafkaConsumerConfiguration.AssignmentStrategy) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(client: try IntegrationBroker.clientConfiguration(), groupID: group)
        configuration.autoOffsetReset = .earliest
        configuration.fetchMaxWait = .milliseconds(100)
        configuration.sessionTimeout = .seconds(6)
        configuration.rebalanceTimeout = .seconds(4)
        configuration.heartbeatInterval = .milliseconds(300)
        configuration.assignmentStrategies = [strategy]
        return try KafkaConsumer(configuration: configuration, logger: IntegrationBroker.logger)
    }

    @Test(arguments: [KafkaConsumerConfiguration.AssignmentStrategy.range, .roundRobin])
    func twoMembersSplitPartitionsAndRebalanceOnLeave(strategy: KafkaConsumerConfiguration.AssignmentStrategy) async throws {
        let admin = KafkaAdmin(configuration: try IntegrationBroker.clientConfiguration(), logger: IntegrationBroker.logger)
        let topic = IntegrationBroker.uniqueTopic("group")
        let group = IntegrationBroker.uniqueTopic("members")
        try await admin.createTopic(topic, partitions: 4)
        try await withDeadline(seconds: 120, "group rebalance") {
            let a = try makeConsumer(group: group, strategy: strategy)
            let b = try makeConsumer(group: group, strategy: strategy)
            try a.subscribe(topics: [topic])
            try b.subscribe(topics: [topic])
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await a.run() }
                tasks.addTask { try await b.run() }
                // Both members hold two partitions each, disjoint, covering all four.
                try await eventually("both members assigned", timeout: .seconds(60)) {
                    a.assignment.count == 2 && b.assignment.count == 2
                }
                #expect(Set(a.assignment).isDisjoint(with: Set(b.assignment)))
                #expect(Set(a.assignment + b.assignment) == Set((0..<4).map { TopicPartition(topic, $0) }))
                let description = try await admin.describeGroup(group)
                #expect(description.members.count == 2)
                if !IntegrationBroker.skipOnTansu("DescribeGroups assignments") {
                    #expect(description.protocolName == strategy.rawValue)
                    #expect(Set(description.members.flatMap(\.assignment)).count == 4)
                }
                b.close()
                try await eventually("survivor takes every partition", timeout: .seconds(60)) { a.assignment.count == 4 }
                a.close()
                try await tasks.waitForAll()
            }
        }
        await admin.close()
    }
}
