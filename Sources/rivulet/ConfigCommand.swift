import ArgumentParser
import RivuletConfig

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show or validate the effective configuration.",
        subcommands: [Show.self, Validate.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective config: file, then environment, then flags, over the defaults.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            print(ConfigRenderer.yaml(try global.load()), terminator: "")
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a config file; print file:line: key: problem for each error and exit 2 if any.")
        @OptionGroup var global: GlobalOptions

        @Argument(help: "File to check (default: the --config file).")
        var file: String?

        func run() throws {
            var global = global
            if let file { global.config = file }
            _ = try global.load()
            print("\(global.configPath): ok")
        }
    }
}
