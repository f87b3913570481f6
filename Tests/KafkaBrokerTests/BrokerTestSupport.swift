import KafkaProtocol
import LogStore
import Logging
import NIOCore
import RivuletCore
import TestSupport

@testable import KafkaBroker

/// A log in a temporary directory with a broker context over it, for socket-free handler tests.
final class HandlerFixture {
    let directory: TemporaryDirectory
    let store: LogStore
    let clock: ManualClock
    let context: BrokerContext

    init(configure: (inout KafkaBrokerConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "rivulet-broker")
        clock = ManualClock()
        store = try LogStore.open(Self.logConfiguration(directory), clock: clock)
        var configuration = KafkaBrokerConfiguration(host: "127.0.0.1", port: 9092)
        configure(&configuration)
        context = BrokerContext(
            configuration: configuration, logStore: store, groups: nil, clock: clock, wallClock: clock,
            logger: quietLogger)
    }

    static func logConfiguration(_ directory: TemporaryDirectory) -> LogStoreConfiguration {
        var configuration = LogStoreConfiguration(directory: directory.file("log"))
        configuration.fsync = .groupCommit
        return configuration
    }

    /// A second broker over the same directory after closing the first (a restart).
    func restarted() throws -> (LogStore, BrokerContext) {
        try store.close()
        let reopened = try LogStore.open(Self.logConfiguration(directory), clock: clock)
        let context = BrokerContext(
            configuration: self.context.configuration, logStore: reopened, groups: nil, clock: clock, wallClock: clock,
            logger: quietLogger)
        return (reopened, context)
    }

    deinit {
        try? store.close()
        directory.remove()
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "rivulet.broker.test")
    logger.logLevel = .critical
    return logger
}()

/// Record batches as producers write them.
enum Batches {
    static func make(
        _ values: [String], keys: [String?]? = nil, timestamps: [Int64]? = nil, producerID: Int64 = -1,
        epoch: Int16 = -1, baseSequence: Int32 = -1
    ) -> ByteBuffer {
        var builder = RecordBatchBuilder(producerID: producerID, producerEpoch: epoch, baseSequence: baseSequence)
        for (index, value) in values.enumerated() {
            let key = keys?[index].map { ByteBuffer(string: $0) }
            builder.append(
                timestamp: timestamps?[index] ?? 1_700_000_000_000 + Int64(index), key: key,
                value: ByteBuffer(string: value))
        }
        return builder.build().bytes
    }

    /// Record values of concatenated uncompressed batches, with their absolute offsets.
    static func values(_ records: ByteBuffer?) throws -> [(offset: Int64, value: String)] {
        guard let records else { return [] }
        var result: [(Int64, String)] = []
        var sequence = RecordBatchSequence(records)
        while let batch = try sequence.next() {
            for record in try batch.records() {
                let value = record.value.map { String(buffer: $0) } ?? ""
                result.append((batch.baseOffset + Int64(record.offsetDelta), value))
            }
        }
        return result
    }
}

extension ProduceRequest {
    static func one(
        topic: String, partition: Int32 = 0, records: ByteBuffer, acks: Int16 = -1
    ) -> ProduceRequest {
        ProduceRequest(
            acks: acks, timeoutMs: 5000,
            topicData: [.init(name: topic, partitionData: [.init(index: partition, records: records)])])
    }
}

extension FetchRequest {
    static func one(
        topic: String, partition: Int32 = 0, offset: Int64, maxWaitMs: Int32 = 0, minBytes: Int32 = 0,
        partitionMaxBytes: Int32 = 1 << 20
    ) -> FetchRequest {
        FetchRequest(
            maxWaitMs: maxWaitMs, minBytes: minBytes, maxBytes: 50 << 20,
            topics: [
                .init(
                    topic: topic,
                    partitions: [.init(partition: partition, fetchOffset: offset, partitionMaxBytes: partitionMaxBytes)])
            ])
    }
}

/// The shared seeded generator, under the name these tests use.
typealias SeededRandom = SeededGenerator
