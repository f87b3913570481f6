import ArgumentParser
import Foundation
import RivuletApp
import RivuletConfig
import RivuletCore
import Simulation

extension SimulatedStream: ExpressibleByArgument {}
extension ProduceProgressFormat: ExpressibleByArgument {}

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Simulate a seed stream: iot, building, clickstream, platform-iot or vehicle.",
        discussion: """
            Seed 000's producer flags are kept (--bootstrap --topic --devices --rate --jitter). Prints a \
            progress line every 10 s; Ctrl-C or SIGTERM sends what is in flight and prints the totals. \
            Exits 1 if any record was not acknowledged.
            """)

    @OptionGroup var kafka: KafkaOptions
    @Argument(help: "iot, building, clickstream, platform-iot or vehicle.") var stream: SimulatedStream
    @Option(help: "Topic (default: the stream's; for vehicle a template with {stream}).") var topic: String?
    @Option(help: "Devices (users, sensors, vehicles), each its own key (default 8).") var devices: Int?
    @Option(help: "Events per second per device, or max (default 4.0).") var rate: String?
    @Option(help: "Random variation of the gap between events, 0 to 1 (default 0.3).") var jitter: Double?
    @Option(help: "Seed of the generator; the same seed gives the same events (default: random).") var seed: UInt64?
    @Option(help: "Stop after this many events.") var count: Int?
    @Option(help: "Stop after this long (e.g. 30s, 5m).") var duration: String?
    @Option(name: .customLong("late-ratio"), help: "Share of events stamped in the past.") var lateRatio: Double?
    @Option(name: .customLong("late-max"), help: "How far in the past late events go (default 5m).") var lateMax: String?
    @Option(name: .customLong("out-of-order"), help: "Share of events sent after later ones.") var outOfOrder: Double?
    @Option(name: .customLong("duplicate-ratio"), help: "Share of events sent twice.") var duplicateRatio: Double?
    @Option(name: .customLong("malformed-ratio"), help: "Share of events that are broken.") var malformedRatio: Double?
    @Option(help: "Batch codec: none, gzip, snappy, lz4 or zstd (default lz4).") var compression: String?
    @Option(name: .customLong("progress-every"), help: "How often to print progress (default 10s).") var progressEvery: String?
    @Option(
        name: .customLong("progress-format"),
        help: "text, or json: one object per line with per-partition acknowledged offsets.")
    var progressFormat: ProduceProgressFormat = .text

    func run() async throws {
        let (config, client) = try kafka.load(command: "produce")
        let options = try options(config)
        let session = ProduceSession(client: client, options: options, logger: kafka.logger) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let totals = try await session.run()
        print(totals.description)
        if totals.errors > 0 || totals.acknowledged < totals.sent {
            throw RivuletError(.io, "\(totals.sent - totals.acknowledged) record(s) were not acknowledged")
        }
    }

    private func options(_ config: RivuletConfiguration) throws -> ProduceOptions {
        var options = ProduceOptions(stream: stream, config: config)
        if let topic { options.topic = topic }
        if let devices { options.devices = devices }
        if let rate {
            guard let parsed = EventSchedule.Rate(argument: rate) else {
                throw RivuletError(.invalidArgument, "--rate \(rate): use a positive number of events per second or max")
            }
            options.rate = parsed
        }
        if let jitter { options.jitter = jitter }
        if let seed { options.seed = seed }
        if let count {
            guard count >= 1 else { throw RivuletError(.invalidArgument, "--count must be at least 1") }
            options.limits.count = count
        }
        if let duration { options.limits.duration = try Self.duration(duration, flag: "--duration") }
        if let lateRatio { options.faults.lateRatio = lateRatio }
        if let lateMax { options.faults.lateMax = try Self.duration(lateMax, flag: "--late-max") }
        if let outOfOrder { options.faults.outOfOrderRatio = outOfOrder }
        if let duplicateRatio { options.faults.duplicateRatio = duplicateRatio }
        if let malformedRatio { options.faults.malformedRatio = malformedRatio }
        if let compression, !options.setCompression(named: compression) {
            throw RivuletError(.invalidArgument, "--compression \(compression): use none, gzip, snappy, lz4 or zstd")
        }
        if let progressEvery { options.progressInterval = try Self.duration(progressEvery, flag: "--progress-every") }
        options.progressFormat = progressFormat
        return options
    }

    private static func duration(_ text: String, flag: String) throws -> Duration {
        guard let value = DurationText.parse(text), value > .zero else {
            throw RivuletError(.invalidArgument, "\(flag) \(text): use a duration such as 30s, 5m or 1h")
        }
        return value
    }
}
