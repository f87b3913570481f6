import KafkaClient
import Logging

/// `rivulet groups …`: consumer groups on any Kafka-protocol broker, over `KafkaAdmin`.
public struct KafkaGroups: Sendable {
    let admin: KafkaAdmin

    public init(client: KafkaClientConfiguration, logger: Logger) {
        admin = KafkaAdmin(configuration: client, logger: logger)
    }

    public func close() async { await admin.close() }

    public func list() async throws -> [GroupSummary] {
        try await admin.listGroups().map { GroupSummary(group: $0.groupID, protocolType: $0.protocolType, state: $0.state) }
    }

    /// Members with their assignments, and per partition the committed offset, the end
    /// offset and the lag, over every topic the group subscribes to or committed on.
    public func describe(_ group: String) async throws -> GroupReport {
        let description = try await admin.describeGroup(group)
        let committed = try await admin.committedOffsets(group: group)
        let topics = Set(description.members.flatMap { $0.subscribedTopics + $0.assignment.map(\.topic) })
            .union(committed.keys.map(\.topic))
        let known = Set(try await admin.listTopics(includeInternal: true))
        let lags = try await admin.lag(group: group, topics: topics.filter(known.contains).sorted())
        var owners: [TopicPartition: String] = [:]
        for member in description.members {
            for tp in member.assignment { owners[tp] = member.memberID }
        }
        return GroupReport(
            group: description.groupID, state: description.state, protocolType: description.protocolType,
            protocol: description.protocolName,
            members: description.members.map { member in
                .init(
                    memberID: member.memberID, clientID: member.clientID, host: member.clientHost,
                    assignment: member.assignment.sorted().map(\.description))
            },
            partitions: lags.map { lag in
                .init(
                    topic: lag.topicPartition.topic, partition: Int(lag.topicPartition.partition),
                    committed: lag.committed?.rawValue, end: lag.endOffset.rawValue, lag: lag.lag,
                    member: owners[lag.topicPartition])
            })
    }
}

/// One line of `groups list` (the `--json` shape).
public struct GroupSummary: Codable, Hashable, Sendable {
    public var group: String
    public var protocolType: String
    /// Empty when the broker's ListGroups does not report states.
    public var state: String

    public static func table(_ groups: [GroupSummary]) -> TextTable {
        var table = TextTable(["GROUP", "STATE", "PROTOCOL TYPE"])
        for group in groups { table.append([group.group, group.state.isEmpty ? "-" : group.state, group.protocolType]) }
        return table
    }
}

/// `groups describe` (the `--json` shape).
public struct GroupReport: Codable, Hashable, Sendable {
    public struct Member: Codable, Hashable, Sendable {
        public var memberID: String
        public var clientID: String
        public var host: String
        /// `topic-partition` names.
        public var assignment: [String]
    }

    public struct Partition: Codable, Hashable, Sendable {
        public var topic: String
        public var partition: Int
        /// Nil when the group never committed on this partition.
        public var committed: Int64?
        public var end: Int64
        public var lag: Int64
        /// The member assigned this partition now, if any.
        public var member: String?

        // Absent values are written as null, so scripts always find every key.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(topic, forKey: .topic)
            try c.encode(partition, forKey: .partition)
            try c.encode(committed, forKey: .committed)
            try c.encode(end, forKey: .end)
            try c.encode(lag, forKey: .lag)
            try c.encode(member, forKey: .member)
        }
    }

    public var group: String
    public var state: String
    public var protocolType: String
    /// The assignor the group chose ("range", "roundrobin", …).
    public var `protocol`: String
    public var members: [Member]
    public var partitions: [Partition]

    public var totalLag: Int64 { partitions.reduce(0) { $0 + $1.lag } }

    public var rendered: String {
        var lines = [
            "group \(group)  state \(state)  protocol \(protocolType.isEmpty ? "-" : protocolType)/\(`protocol`.isEmpty ? "-" : `protocol`)  members \(members.count)  lag \(totalLag)"
        ]
        if !members.isEmpty {
            var table = TextTable(["MEMBER", "CLIENT ID", "HOST", "ASSIGNMENT"])
            for m in members { table.append([m.memberID, m.clientID, m.host, m.assignment.joined(separator: ",")]) }
            lines += ["", table.rendered]
        }
        if !partitions.isEmpty {
            var table = TextTable(["TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "MEMBER"])
            for p in partitions {
                table.append([
                    p.topic, String(p.partition), p.committed.map(String.init) ?? "-", String(p.end), String(p.lag),
                    p.member ?? "-",
                ])
            }
            lines += ["", table.rendered]
        }
        return lines.joined(separator: "\n")
    }
}

extension KafkaGroups {
    /// Runs `body` and closes the connections whether it succeeded or not.
    public static func using<T: Sendable>(
        client: KafkaClientConfiguration, logger: Logger, _ body: (KafkaGroups) async throws -> T
    ) async throws -> T {
        let groups = KafkaGroups(client: client, logger: logger)
        do {
            let result = try await body(groups)
            await groups.close()
            return result
        } catch {
            await groups.close()
            throw error
        }
    }
}
