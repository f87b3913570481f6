/// A partition of a topic, the unit of ordering, leadership, assignment and offsets.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public init(topic: String, partition: Int32) {
        self.init(topic, partition)
    }

    public static func < (a: TopicPartition, b: TopicPartition) -> Bool {
        (a.topic, a.partition) < (b.topic, b.partition)
    }

    public var description: String { "\(topic)-\(partition)" }
}

extension Sequence where Element == TopicPartition {
    /// Partitions grouped by topic, in topic order, each list sorted: the shape of most requests.
    func groupedByTopic() -> [(topic: String, partitions: [Int32])] {
        var byTopic: [String: [Int32]] = [:]
        for tp in self { byTopic[tp.topic, default: []].append(tp.partition) }
        return byTopic.keys.sorted().map { ($0, (byTopic[$0] ?? []).sorted()) }
    }
}
