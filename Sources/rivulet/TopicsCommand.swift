import ArgumentParser
import Foundation
import RivuletApp
import RivuletCore

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "list | create | describe | delete topics on any Kafka-protocol broker.",
        subcommands: [List.self, Create.self, Describe.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Topic names and partition counts.")
        @OptionGroup var kafka: KafkaOptions
        @Flag(help: "Include internal topics such as __consumer_offsets.") var all = false
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let (_, client) = try kafka.load(command: "topics")
            let table = try await KafkaTopics.using(client: client, logger: kafka.logger) {
                try await $0.list(includeInternal: all)
            }
            if json {
                print(try renderJSON(table.rows.map { TopicListing(topic: $0[0], partitions: Int($0[1]) ?? 0) }))
            } else {
                print(table.rendered)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a topic.")
        @Argument(help: "Topic name.") var name: String
        @Option(help: "Partitions (default: broker.default_partitions, 3).") var partitions: Int?
        // Kafka's kafka-topics.sh spells topic settings `--config k=v`, and every rivulet
        // command takes `--config FILE`; here a value with `=` is a setting, one without the file.
        @Option(
            name: .customLong("config"),
            help: "A topic setting key=value, repeatable (e.g. retention.ms=86400000); a value without '=' is the configuration file.")
        var configValues: [String] = []
        @Option(name: .customLong("data-dir"), help: "Data directory (default: data_dir from the config, ./data).")
        var dataDir: String?
        @Option(help: "Brokers to connect to, host:port[,host:port] (default: broker.bootstrap, else broker.listen).")
        var bootstrap: String?
        @Flag(name: .customLong("if-not-exists"), help: "Succeed if the topic already exists.") var ifNotExists = false

        func run() async throws {
            let files = configValues.filter { !$0.contains("=") }
            guard files.count <= 1 else {
                throw RivuletError(.invalidArgument, "--config names more than one configuration file: \(files)")
            }
            let settings = try KafkaTopics.parseConfigs(configValues.filter { $0.contains("=") })
            var arguments = files.flatMap { ["--config", $0] }
            if let dataDir { arguments += ["--data-dir", dataDir] }
            let global = try GlobalOptions.parse(arguments)
            let (config, client) = try KafkaOptions.load(global, bootstrap: bootstrap, command: "topics")
            let outcome = try await KafkaTopics.using(client: client, logger: KafkaOptions.logger) {
                try await $0.create(
                    name, partitions: partitions ?? config.broker.defaultPartitions, configs: settings,
                    ifNotExists: ifNotExists)
            }
            print(outcome)
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Partitions, leaders, replicas, earliest and latest offsets, and the settings of topics.")
        @OptionGroup var kafka: KafkaOptions
        @Argument(help: "Topics (default: every topic).") var names: [String] = []
        @Flag(help: "Print JSON instead of tables.") var json = false

        func run() async throws {
            let (_, client) = try kafka.load(command: "topics")
            let described = try await KafkaTopics.using(client: client, logger: kafka.logger) {
                try await $0.describe(names)
            }
            print(json ? try renderJSON(described) : described.map(\.rendered).joined(separator: "\n\n"))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete topics and their records, after confirmation.")
        @OptionGroup var kafka: KafkaOptions
        @Argument(help: "Topics to delete.") var names: [String]
        @Flag(name: [.short, .long], help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let (_, client) = try kafka.load(command: "topics")
            let deleted = try await KafkaTopics.using(client: client, logger: kafka.logger) { topics in
                try await topics.requireExisting(names)
                guard try confirm() else { return false }
                try await topics.delete(names)
                return true
            }
            if deleted {
                for name in names { print("deleted topic \(name)") }
            } else {
                print("nothing deleted")
            }
        }

        /// As `rivulet clean`: ask on a terminal, refuse without --yes elsewhere.
        private func confirm() throws -> Bool {
            if yes { return true }
            guard isatty(STDIN_FILENO) != 0 else {
                throw RivuletError(
                    .invalidArgument, "refusing to delete \(names.joined(separator: ", ")) without confirmation; pass --yes")
            }
            print("delete topic(s) \(names.joined(separator: ", ")) and all their records? [y/N] ", terminator: "")
            guard let answer = readLine() else { return false }
            return ["y", "yes"].contains(answer.lowercased())
        }
    }
}

/// One row of `topics list --json`.
struct TopicListing: Encodable {
    var topic: String
    var partitions: Int
}
