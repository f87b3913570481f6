import Foundation
import KafkaProtocol
import LogStore
import NIOCore
import RivuletConfig
import RivuletCore
import StreamEngine

/// The engine half of `rivulet bench engine` that reads the embedded log: seed 000's events
/// are appended to a 3-partition topic of a scratch log first (untimed), then read back
/// through `EmbeddedLogSource` and `PipelineReader` (record batches → JSON decode → window
/// aggregate), as a pipeline does, without the sinks: decoding on other threads
/// (`decodeDepth` chunks ahead), or with `decodeDepth` 0 all on one thread.
public struct EngineLogBenchmark: Sendable {
    public let directory: String
    public var events = 2_000_000
    public var recordsPerBatch = 1000
    public var decodeDepth = PipelineReader.defaultDepth

    public init(directory: String) { self.directory = directory }

    public struct Result: Sendable {
        public var events: Int
        public var seconds: Double
        public var cpuSeconds: Double
        public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
        public var eventsPerCPUSecond: Double { cpuSeconds > 0 ? Double(events) / cpuSeconds : 0 }
    }

    public func run() async throws -> Result {
        try? FileManager.default.removeItem(atPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = RivuletConfiguration.benchScratch(directory: directory, partitions: 3)
        let log = try LogStore.open(for: config)
        defer { try? log.close() }
        try fill(log)
        var aggregator = try WindowAggregator(definition: .seed000())
        var reader = PipelineReader(
            source: try EmbeddedLogSource(log: log, topic: "iot-metrics", from: [:]), template: aggregator.makeBatch(), depth: decodeDepth)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = EngineBenchmark.processCPUSeconds()
        while let chunk = try await reader.next() {
            _ = aggregator.process(batch: chunk.batch, partition: chunk.partition, now: ProcessingTime(milliseconds: 0))
        }
        let elapsed = start.duration(to: clock.now)
        return Result(
            events: Int(aggregator.counters.events), seconds: Double(elapsed.nanoseconds) / 1e9,
            cpuSeconds: EngineBenchmark.processCPUSeconds() - cpuStart)
    }

    /// The generated NDJSON, one record per line, partitions taken in turn per batch.
    func fill(_ log: LogStore) throws {
        guard let partitions = log.partitions(of: "iot-metrics") else { return }
        var builder = RecordBatchBuilder(estimatedSize: recordsPerBatch * 200)
        var n = 0
        for chunk in EngineBenchmark.generate(events: events) {
            var lineStart = 0
            for i in chunk.indices where chunk[i] == UInt8(ascii: "\n") {
                builder.append(timestamp: 0, key: nil, value: ByteBuffer(bytes: chunk[lineStart..<i]))
                lineStart = i + 1
                n += 1
                if n % recordsPerBatch == 0 {
                    _ = try partitions[(n / recordsPerBatch) % partitions.count].append(builder.build().bytes)
                    builder = RecordBatchBuilder(estimatedSize: recordsPerBatch * 200)
                }
            }
        }
        if builder.recordCount > 0 { _ = try partitions[0].append(builder.build().bytes) }
    }
}
