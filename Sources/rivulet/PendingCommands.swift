import ArgumentParser

// Commands of DESIGN §1 whose parts are still to land. Each accepts its documented flags
// loosely and says which part it waits for, so `--help` already shows the whole tool.

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Serve the live dashboard over an existing data directory.")
    @OptionGroup var global: GlobalOptions
    @Option var listen: String?
    func run() throws { throw notYetBuilt("dashboard", part: "dashboard (issue 8)") }
}
