import KafkaProtocol

/// Settings of a `KafkaProducer`; defaults follow Kafka's Java producer.
public struct KafkaProducerConfiguration: Sendable {
    public enum Acks: Int16, Sendable {
        /// Fire and forget: the broker sends no answer and offsets are unknown.
        case none = 0
        /// The leader wrote it.
        case leader = 1
        /// Every in-sync replica has it (required for idempotence).
        case all = -1
    }

    public var client: KafkaClientConfiguration
    public var acks: Acks = .all
    /// InitProducerId plus per-partition sequence numbers, so that retries never duplicate.
    public var idempotent: Bool = true
    /// none, gzip, snappy, lz4 or zstd (zstd is rejected at start when libzstd.so.1 is missing).
    public var compression: CompressionCodec = .none
    /// How long a partly filled batch waits for more records.
    public var linger: Duration = .milliseconds(5)
    /// Target size of one batch in bytes; a batch is sent as soon as it reaches it.
    public var batchSize: Int = 16 * 1024
    /// Bytes of records waiting to be acknowledged; `send` waits while it is full.
    public var bufferMemory: Int = 32 * 1024 * 1024
    /// Batches in flight per partition (at most 5 with idempotence, the broker's dedup window).
    public var maxInFlightPerPartition: Int = 5
    /// Largest Produce request; also the cap on one record.
    public var maxRequestSize: Int = 1024 * 1024
    /// How long a record may take from `send` to acknowledgement, retries included.
    public var deliveryTimeout: Duration = .seconds(120)
    public var retryBackoff: Duration = .milliseconds(100)
    /// How long `send` waits for a topic's metadata (and auto-creation) before failing.
    public var maxBlock: Duration = .seconds(60)
    public var allowAutoTopicCreation: Bool = true
    /// Seed of the sticky partitioner for keyless records; nil picks one at random.
    public var partitionerSeed: UInt64?

    public init(client: KafkaClientConfiguration) {
        self.client = client
    }

    func validate() throws(KafkaClientError) {
        guard RecordCompression.isSupported(compression) else { throw RecordCompression.unsupported(compression) }
        guard batchSize > 0, bufferMemory >= batchSize, maxRequestSize > 0 else {
            throw KafkaClientError(.invalidArgument, "producer needs batchSize > 0 and bufferMemory >= batchSize")
        }
        guard (1...5).contains(maxInFlightPerPartition) || !idempotent, maxInFlightPerPartition >= 1 else {
            throw KafkaClientError(.invalidArgument, "an idempotent producer allows 1 to 5 requests in flight per partition")
        }
        if idempotent, acks != .all {
            throw KafkaClientError(.invalidArgument, "an idempotent producer needs acks=all")
        }
    }
}

/// Where an acknowledged record was written.
public struct RecordMetadata: Hashable, Sendable {
    public var topicPartition: TopicPartition
    /// Nil with acks=none, where the broker does not answer.
    public var offset: Offset?
    public var timestamp: Timestamp

    public var topic: String { topicPartition.topic }
    public var partition: Int32 { topicPartition.partition }
}

import RivuletCore
