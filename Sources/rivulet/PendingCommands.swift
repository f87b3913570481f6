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


struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process", abstract: "Run the configured pipelines against the embedded or a remote log.")
    @OptionGroup var global: GlobalOptions
    @Option var pipeline: String?
    func run() throws { throw notYetBuilt("process", part: "streaming engine (issue 6)") }
}

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Serve the live dashboard over an existing data directory.")
    @OptionGroup var global: GlobalOptions
    @Option var listen: String?
    func run() throws { throw notYetBuilt("dashboard", part: "dashboard (issue 8)") }
}



