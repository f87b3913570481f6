import ArgumentParser
import RivuletApp

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "list | describe consumer groups: members, assignment, offsets, lag.",
        subcommands: [List.self, Describe.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Consumer groups with their states.")
        @OptionGroup var kafka: KafkaOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let (_, client) = try kafka.load(command: "groups")
            let groups = try await KafkaGroups.using(client: client, logger: kafka.logger) { try await $0.list() }
            print(json ? try renderJSON(groups) : GroupSummary.table(groups).rendered)
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A group's state, members with their assignments, and per partition committed offset, end offset and lag.")
        @OptionGroup var kafka: KafkaOptions
        @Argument(help: "Groups (default: every group).") var names: [String] = []
        @Flag(help: "Print JSON instead of tables.") var json = false

        func run() async throws {
            let (_, client) = try kafka.load(command: "groups")
            let reports = try await KafkaGroups.using(client: client, logger: kafka.logger) { groups in
                var reports: [GroupReport] = []
                let wanted = names.isEmpty ? try await groups.list().map(\.group) : names
                for name in wanted { reports.append(try await groups.describe(name)) }
                return reports
            }
            if json {
                // One group asked for: its object; otherwise a list.
                print(names.count == 1 ? try renderJSON(reports[0]) : try renderJSON(reports))
            } else {
                print(reports.map(\.rendered).joined(separator: "\n\n"))
            }
        }
    }
}
