import KafkaClient
import Logging
import RivuletConfig
import RivuletCore
import ServiceLifecycle
import StreamEngine

/// Runs one windowed pipeline over a topic of a remote Kafka cluster (`broker.bootstrap`) as
/// a member of the consumer group `rivulet-<pipeline>`, so that several `rivulet process`
/// instances sharing the data directory (checkpoints and lake) split the partitions.
///
/// Everything is kept per source partition (`PartitionPipeline`): on assignment a partition's
/// checkpoint is loaded and the consumer seeks to its offsets; on revocation it is
/// checkpointed before the consumer rejoins; when this member is fenced it is dropped
/// without a checkpoint. Records of one key must stay in one partition (Kafka's keyed
/// partitioning does this), since each partition aggregates, and closes windows by its own
/// watermark, on its own. Group offsets are committed after each checkpoint for `rivulet
/// groups describe`; the checkpoint, not the group, is what reading resumes from.
///
/// Graceful shutdown: stop reading, checkpoint every owned partition, leave the group.
public struct KafkaPipelineService<C: Clock>: Service where C.Duration == Duration {
    public let definition: PipelineDefinition
    public let metrics: PipelineMetricsBox
    let outputs: PipelineOutputs
    let select: [SelectItem]
    let topic: String
    let client: KafkaClientConfiguration
    let deadLetterTopic: String
    let checkpointInterval: Duration
    let clock: C
    let wallClock: any WallClock
    let logger: Logger

    public init(
        pipeline: PipelineConfiguration, config: RivuletConfiguration, client: KafkaClientConfiguration, clock: C,
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "rivulet.pipeline")
    ) throws {
        let outputs = try PipelineOutputs(pipeline: pipeline, config: config, wallClock: wallClock, logger: logger)
        guard case .windowed(let definition, let select) = outputs.engine, let topic = pipeline.source.topic else {
            throw RivuletError(
                .invalidArgument,
                "pipeline \(pipeline.name): only windowed pipelines over a topic run against a remote Kafka (broker.bootstrap); run pass-through and directory pipelines with the embedded log")
        }
        self.outputs = outputs
        self.definition = definition
        self.select = select
        self.topic = topic
        self.metrics = PipelineMetricsBox(pipeline: pipeline.name)
        self.client = client
        self.deadLetterTopic = pipeline.deadLetter.topic
        self.checkpointInterval = pipeline.checkpointInterval
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
    }

    public var groupID: String { "rivulet-\(definition.name)" }

    /// A session short enough that a killed instance's partitions move within seconds.
    var consumerConfiguration: KafkaConsumerConfiguration {
        var c = KafkaConsumerConfiguration(client: client, groupID: groupID)
        c.enableAutoCommit = false
        c.autoOffsetReset = .earliest
        c.sessionTimeout = .seconds(10)
        c.heartbeatInterval = .seconds(1)
        c.rebalanceTimeout = .seconds(30)
        c.fetchMaxWait = .milliseconds(100)
        return c
    }

    public func run() async throws {
        let deadLetters = try await openDeadLetters()
        let mailbox = RebalanceMailbox()
        var configuration = consumerConfiguration
        configuration.rebalanceListener = mailbox
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger, clock: clock)
        try consumer.subscribe(topics: [topic])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await consumer.run() }
            group.addTask { try await deadLetters.producer.run() }
            var loop = KafkaPipelineLoop(service: self, consumer: consumer, deadLetters: deadLetters)
            do {
                try await loop.run(mailbox: mailbox)
            } catch {
                mailbox.close()
                consumer.close()
                group.cancelAll()
                throw error
            }
            mailbox.close()
            consumer.close()
            try? await deadLetters.producer.close()
            try await group.waitForAll()
        }
    }

    /// The producer of the dead-letter topic, created (with the source's partition count)
    /// when missing.
    func openDeadLetters() async throws -> KafkaDeadLetterWriter {
        let admin = KafkaAdmin(configuration: client, logger: logger, clock: clock)
        let partitions: Int32
        do {
            let source = try await admin.describeTopics([topic]).first
            guard let source, source.error == .none, !source.partitions.isEmpty else {
                throw RivuletError(.invalidArgument, "source topic \(topic) does not exist on \(client.bootstrapServers)")
            }
            partitions = Int32(source.partitions.count)
            try await admin.createTopic(deadLetterTopic, partitions: partitions, ifNotExists: true)
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        var producer = KafkaProducerConfiguration(client: client)
        producer.allowAutoTopicCreation = false
        return KafkaDeadLetterWriter(
            producer: try KafkaProducer(configuration: producer, logger: logger, clock: clock, wallClock: wallClock),
            topic: deadLetterTopic, sourceTopic: topic, partitions: partitions)
    }
}
