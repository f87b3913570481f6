import ArgumentParser
import Foundation
import RivuletApp
import RivuletCore

extension RecordFormat: ExpressibleByArgument {}

struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print a topic's records (--from-beginning, --group G, --max N, --format json|raw).",
        discussion: """
            Without --group it reads every partition (or --partition P) from the end, the start \
            (--from-beginning) or --offset N. With --group it joins the group, starts from the \
            group's commits and commits what it printed. Ctrl-C or SIGTERM commits and leaves the group.
            """)

    @OptionGroup var kafka: KafkaOptions
    @Argument(help: "The topic to read.") var topic: String
    @Flag(name: .customLong("from-beginning"), help: "Start at the earliest record (where the group has no commit).")
    var fromBeginning = false
    @Option(help: "Consumer group: subscribe, and commit what was printed.") var group: String?
    @Option(help: "Without --group: read only this partition.") var partition: Int32?
    @Option(help: "Without --group, with --partition: start at this offset.") var offset: Int64?
    @Option(name: .customLong("max"), help: "Stop after this many records.") var maxRecords: Int?
    @Option(help: "json: one JSON object per line; raw: the value and a newline.") var format: RecordFormat = .json
    @Option(help: "Stop after this many seconds without a record (e.g. 5 or 1.5).") var timeout: Double?

    func run() async throws {
        var options = ConsumeOptions(topic: topic)
        options.group = group
        options.fromBeginning = fromBeginning
        options.partition = partition
        options.offset = offset
        options.maxRecords = maxRecords
        options.format = format
        if let timeout {
            guard timeout > 0, timeout.isFinite else { throw RivuletError(.invalidArgument, "--timeout must be positive") }
            options.idleTimeout = .milliseconds(Int64(timeout * 1000))
        }
        try options.validate()
        let (_, client) = try kafka.load(command: "consume")
        let session = try ConsumeSession(client: client, options: options, logger: kafka.logger)
        let printed = try await session.run()
        if isatty(STDERR_FILENO) != 0 {
            FileHandle.standardError.write(Data("consumed \(printed) record(s)\n".utf8))
        }
    }
}
