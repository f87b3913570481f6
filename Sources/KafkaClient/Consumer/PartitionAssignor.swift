/// The client-side assignors of Kafka's Java consumer, so a group mixing our members with
/// Java or librdkafka members agrees on who reads what. Pure functions of the members'
/// subscriptions and the partition counts.
public enum PartitionAssignor {
    public struct Member: Hashable, Sendable {
        public var memberID: String
        public var topics: [String]
        public init(memberID: String, topics: [String]) {
            self.memberID = memberID
            self.topics = topics
        }
    }

    public static func assign(
        _ strategy: KafkaConsumerConfiguration.AssignmentStrategy, members: [Member], partitionCounts: [String: Int]
    ) -> [String: [TopicPartition]] {
        switch strategy {
        case .range: range(members: members, partitionCounts: partitionCounts)
        case .roundRobin: roundRobin(members: members, partitionCounts: partitionCounts)
        }
    }

    /// RangeAssignor: per topic, consumers in member-ID order take consecutive ranges; the
    /// first `count % consumers` get one extra partition.
    public static func range(members: [Member], partitionCounts: [String: Int]) -> [String: [TopicPartition]] {
        var result = Dictionary(uniqueKeysWithValues: members.map { ($0.memberID, [TopicPartition]()) })
        let topics = Set(members.flatMap(\.topics)).sorted()
        for topic in topics {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            let consumers = members.filter { $0.topics.contains(topic) }.map(\.memberID).sorted()
            guard !consumers.isEmpty else { continue }
            let perConsumer = count / consumers.count
            let extra = count % consumers.count
            for (index, consumer) in consumers.enumerated() {
                let start = index * perConsumer + min(index, extra)
                let length = perConsumer + (index < extra ? 1 : 0)
                for partition in start..<(start + length) {
                    result[consumer, default: []].append(TopicPartition(topic, Int32(partition)))
                }
            }
        }
        return result
    }

    /// RoundRobinAssignor: every partition of every subscribed topic, in (topic, partition)
    /// order, dealt to consumers in member-ID order, skipping consumers not subscribed to it.
    public static func roundRobin(members: [Member], partitionCounts: [String: Int]) -> [String: [TopicPartition]] {
        var result = Dictionary(uniqueKeysWithValues: members.map { ($0.memberID, [TopicPartition]()) })
        let consumers = members.sorted { $0.memberID < $1.memberID }
        guard !consumers.isEmpty else { return result }
        let topics = Set(members.flatMap(\.topics)).sorted()
        var next = 0
        for topic in topics {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            for partition in 0..<count {
                for step in 0..<consumers.count {
                    let candidate = consumers[(next + step) % consumers.count]
                    if candidate.topics.contains(topic) {
                        result[candidate.memberID, default: []].append(TopicPartition(topic, Int32(partition)))
                        next = (next + step + 1) % consumers.count
                        break
                    }
                }
            }
        }
        return result
    }
}
