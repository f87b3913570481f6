import ArgumentParser

// Commands of DESIGN §1 whose parts are still to land. Each accepts its documented flags
// loosely and says which part it waits for, so `--help` already shows the whole tool.

struct ProduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce", abstract: "Simulate a seed stream: iot, building, clickstream, platform-iot or vehicle.")
    @Argument var stream: String
    @Argument(parsing: .allUnrecognized) var options: [String] = []
    func run() throws { throw notYetBuilt("produce", part: "Kafka client and simulators (issue 5)") }
}

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Serve the live dashboard over an existing data directory.")
    @OptionGroup var global: GlobalOptions
    @Option var listen: String?
    func run() throws { throw notYetBuilt("dashboard", part: "dashboard (issue 8)") }
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
