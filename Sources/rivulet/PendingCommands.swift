import ArgumentParser

// Commands of DESIGN §1 whose parts are still to land. Each accepts its documented flags
// loosely and says which part it waits for, so `--help` already shows the whole tool.

struct UpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Broker, simulators, pipelines and dashboard in one process.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("broker-listen")) var brokerListen: String?
    @Option(name: .customLong("dashboard-listen")) var dashboardListen: String?
    func run() throws { throw notYetBuilt("up", part: "streaming engine, lake and dashboard (issues 6–8)") }
}

struct ProduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce", abstract: "Simulate a seed stream: iot, building, clickstream, platform-iot or vehicle.")
    @Argument var stream: String
    @Argument(parsing: .allUnrecognized) var options: [String] = []
    func run() throws { throw notYetBuilt("produce", part: "Kafka client and simulators (issue 5)") }
}

struct TopicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "list | create | describe | delete topics on any Kafka-protocol broker.")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw notYetBuilt("topics", part: "Kafka client (issue 5)") }
}

struct ConsumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume", abstract: "Print a topic's records (--from-beginning, --group G, --max N, --format json|raw).")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw notYetBuilt("consume", part: "Kafka client (issue 5)") }
}

struct GroupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "list | describe consumer groups: members, assignment, offsets, lag.")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { throw notYetBuilt("groups", part: "Kafka client (issue 5)") }
}
