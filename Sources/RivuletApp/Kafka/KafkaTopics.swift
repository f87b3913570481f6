import Foundation
import KafkaClient
import Logging
import RivuletCore

/// `rivulet topics …`: topic administration on any Kafka-protocol broker, over `KafkaAdmin`.
/// Each call opens its connections lazily; `close()` when done.
public struct KafkaTopics: Sendable {
    let admin: KafkaAdmin

    public init(client: KafkaClientConfiguration, logger: Logger) {
        admin = KafkaAdmin(configuration: client, logger: logger)
    }

    public func close() async { await admin.close() }

    /// Topic names with their partition counts.
    public func list(includeInternal: Bool) async throws -> TextTable {
        let topics = try await admin.describeTopics(nil).filter { includeInternal || !$0.isInternal }
        var table = TextTable(["TOPIC", "PARTITIONS"])
        for topic in topics { table.append([topic.name, String(topic.partitions.count)]) }
        return table
    }

    /// Parses `k=v` settings as `--config` gives them; a malformed one is a usage error.
    public static func parseConfigs(_ settings: [String]) throws(RivuletError) -> [String: String] {
        var configs: [String: String] = [:]
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw RivuletError(.invalidArgument, "--config \(setting): write it as key=value, e.g. retention.ms=86400000")
            }
            configs[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
        }
        return configs
    }

    /// Creates the topic; returns what happened, for one line of output.
    public func create(
        _ name: String, partitions: Int, configs: [String: String], ifNotExists: Bool
    ) async throws -> String {
        guard partitions >= 1, partitions <= Int(Int32.max) else {
            throw RivuletError(.invalidArgument, "--partitions must be at least 1, got \(partitions)")
        }
        var existed = false
        if ifNotExists { existed = try await admin.describeTopics([name]).contains { $0.name == name } }
        try await admin.createTopic(name, partitions: Int32(partitions), configs: configs, ifNotExists: ifNotExists)
        return existed ? "topic \(name) already exists" : "created topic \(name) with \(partitions) partition(s)"
    }

    public func delete(_ names: [String]) async throws {
        try await requireExisting(names)
        try await admin.deleteTopics(names)
    }

    /// Fails naming every topic the cluster does not have.
    public func requireExisting(_ names: [String]) async throws {
        let known = Set(try await admin.listTopics(includeInternal: true))
        let missing = names.filter { !known.contains($0) }
        guard missing.isEmpty else {
            throw KafkaClientError(.unknownTopicOrPartition, "no such topic: \(missing.joined(separator: ", "))")
        }
    }

    /// Partitions with leaders, replicas and offsets, and the configs set on each topic.
    /// No names means every non-internal topic.
    public func describe(_ names: [String]) async throws -> [TopicDescription] {
        if !names.isEmpty { try await requireExisting(names) }
        let topics = try await admin.describeTopics(names.isEmpty ? nil : names).filter { !names.isEmpty || !$0.isInternal }
        let partitions = topics.flatMap { topic in topic.partitions.map { TopicPartition(topic.name, $0.partition) } }
        let earliest = try await admin.listOffsets(partitions, spec: .earliest)
        let latest = try await admin.listOffsets(partitions, spec: .latest)
        // Brokers without DescribeConfigs still get a description, only without configs.
        let configs = (try? await admin.describeTopicConfigs(topics.map(\.name))) ?? [:]
        return topics.map { topic in
            TopicDescription(
                topic: topic.name, internal: topic.isInternal,
                partitions: topic.partitions.map { p in
                    let tp = TopicPartition(topic.name, p.partition)
                    return .init(
                        partition: Int(p.partition), leader: p.leader.map(Int.init),
                        replicas: p.replicas.map(Int.init), isr: p.inSyncReplicas.map(Int.init),
                        earliest: (earliest[tp] ?? nil)?.rawValue, latest: (latest[tp] ?? nil)?.rawValue)
                },
                configs: Dictionary(
                    (configs[topic.name] ?? []).filter { !$0.isDefault }.map { ($0.name, $0.value ?? "(hidden)") },
                    uniquingKeysWith: { _, last in last }))
        }
    }
}

/// One topic as `topics describe` prints it (the `--json` shape).
public struct TopicDescription: Codable, Hashable, Sendable {
    public struct Partition: Codable, Hashable, Sendable {
        public var partition: Int
        public var leader: Int?
        public var replicas: [Int]
        public var isr: [Int]
        public var earliest: Int64?
        public var latest: Int64?

        // Absent values are written as null, so scripts always find every key.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(partition, forKey: .partition)
            try c.encode(leader, forKey: .leader)
            try c.encode(replicas, forKey: .replicas)
            try c.encode(isr, forKey: .isr)
            try c.encode(earliest, forKey: .earliest)
            try c.encode(latest, forKey: .latest)
        }
    }

    public var topic: String
    public var `internal`: Bool
    public var partitions: [Partition]
    /// Settings made on the topic (broker defaults left out, as kafka-topics.sh does).
    public var configs: [String: String]

    public var rendered: String {
        let settings = configs.keys.sorted().map { "\($0)=\(configs[$0] ?? "")" }.joined(separator: ",")
        var lines = ["topic \(topic)  partitions \(partitions.count)  configs \(settings.isEmpty ? "-" : settings)"]
        var table = TextTable(["PARTITION", "LEADER", "REPLICAS", "ISR", "EARLIEST", "LATEST", "RECORDS"])
        func text(_ value: (some CustomStringConvertible)?) -> String { value.map(\.description) ?? "-" }
        for p in partitions {
            let count = p.earliest.flatMap { e in p.latest.map { $0 - e } }
            table.append([
                String(p.partition), text(p.leader), p.replicas.map(String.init).joined(separator: ","),
                p.isr.map(String.init).joined(separator: ","), text(p.earliest), text(p.latest), text(count),
            ])
        }
        lines.append(table.rendered)
        return lines.joined(separator: "\n")
    }
}

/// JSON for `--json` outputs: sorted keys so scripts and tests can diff it.
public func renderJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

extension KafkaTopics {
    /// Runs `body` and closes the connections whether it succeeded or not.
    public static func using<T: Sendable>(
        client: KafkaClientConfiguration, logger: Logger, _ body: (KafkaTopics) async throws -> T
    ) async throws -> T {
        let topics = KafkaTopics(client: client, logger: logger)
        do {
            let result = try await body(topics)
            await topics.close()
            return result
        } catch {
            await topics.close()
            throw error
        }
    }
}
