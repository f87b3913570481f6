import KafkaClient
import NIOCore
import RivuletCore
import Simulation

extension BrokerBenchmark {
    /// Sends `messages` values of `messageBytes` round-robin over 3 partitions, acks=all, in
    /// batches of up to 512 KiB with a 5 ms linger (about librdkafka's default batching).
    func produce(_ client: KafkaClientConfiguration, topic: String) async throws {
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.batchSize = 512 * 1024
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let value = ByteBuffer(repeating: 0x78, count: messageBytes)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await producer.run() }
            for i in 0..<messages {
                try await producer.sendAndForget(topic: topic, key: nil, value: value, partition: Int32(i % 3))
            }
            try await producer.close()
            try await group.waitForAll()
        }
        let statistics = producer.statistics
        guard statistics.acknowledged == messages else {
            throw RivuletError(.io, "bench produce: \(statistics.acknowledged) of \(messages) acknowledged")
        }
    }

    /// Reads `count` records from the start of every partition; returns the value bytes read.
    func consume(_ client: KafkaClientConfiguration, topic: String, partitions: Int, count: Int) async throws -> Int {
        var configuration = KafkaConsumerConfiguration(client: client)
        configuration.autoOffsetReset = .earliest
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        consumer.assign((0..<partitions).map { TopicPartition(topic, Int32($0)) })
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                try await consumer.run()
                return 0
            }
            var seen = 0
            var bytes = 0
            for try await record in consumer.records {
                seen += 1
                bytes += record.value?.readableBytes ?? 0
                if seen == count { break }
            }
            consumer.close()
            try await group.waitForAll()
            return bytes
        }
    }

    /// Produce-to-consume seconds of `latencyMessages` records sent at `latencyRate` msg/s
    /// (linger 0) to one partition while a consumer with a 10 ms fetch max wait reads them;
    /// each value carries its send instant. Sorted.
    func latency(_ client: KafkaClientConfiguration, topic: String) async throws -> [Double] {
        var producerConfiguration = KafkaProducerConfiguration(client: client)
        producerConfiguration.linger = .zero
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        var consumerConfiguration = KafkaConsumerConfiguration(client: client)
        consumerConfiguration.autoOffsetReset = .earliest
        consumerConfiguration.fetchMaxWait = .milliseconds(10)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        consumer.assign([TopicPartition(topic, 0)])
        let origin = ContinuousClock.now
        let count = latencyMessages
        let interval = Duration.seconds(1) / latencyRate
        return try await withThrowingTaskGroup(of: [Double].self) { group in
            group.addTask {
                try await consumer.run()
                return []
            }
            group.addTask {
                try await producer.run()
                return []
            }
            group.addTask {
                var latencies: [Double] = []
                latencies.reserveCapacity(count)
                for try await record in consumer.records {
                    let now = origin.duration(to: .now)
                    guard let sent = record.value?.getInteger(at: record.value?.readerIndex ?? 0, as: Int64.self) else { continue }
                    latencies.append((now - .nanoseconds(sent)) / .seconds(1))
                    if latencies.count == count { break }
                }
                consumer.close()
                return latencies.sorted()
            }
            try await Task.sleep(for: .milliseconds(500))  // the consumer's first fetch is parked
            let start = ContinuousClock.now
            for i in 0..<count {
                let due = start + interval * i
                if ContinuousClock.now < due - .milliseconds(1) { try await Task.sleep(until: due, clock: .continuous) }
                var value = ByteBuffer()
                value.writeInteger(Int64(origin.duration(to: .now).nanoseconds))
                try await producer.sendAndForget(topic: topic, key: nil, value: value, partition: 0)
            }
            try await producer.close()
            var result: [Double] = []
            for try await latencies in group where !latencies.isEmpty { result = latencies }
            return result
        }
    }

    /// `rivulet produce iot --rate max --count simulatorEvents` through the client.
    func simulate(_ client: KafkaClientConfiguration, topic: String) async throws -> ProduceTotals {
        var options = ProduceOptions(stream: .iot, config: config)
        options.topic = topic
        options.rate = .unlimited
        options.seed = 7
        options.limits.count = simulatorEvents
        options.progressInterval = .seconds(3600)
        let session = ProduceSession(client: client, options: options, logger: logger) { _ in }
        let totals = try await session.run()
        guard totals.errors == 0, totals.acknowledged == totals.sent else {
            throw RivuletError(.io, "bench produce iot: \(totals)")
        }
        return totals
    }
}
