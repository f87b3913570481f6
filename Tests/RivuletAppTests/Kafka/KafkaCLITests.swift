import Foundation
import KafkaClient
import RivuletConfig
import RivuletCore
import Testing

@testable import RivuletApp

/// The socket-free parts of the Kafka CLI: output shapes, flag validation, where to connect.
struct KafkaCLITests {
    @Test func jsonValuesAreEmbeddedOnOneLineAndOtherBytesQuoted() {
        #expect(JSONText.value(Array("{\"a\":\n1.50}".utf8)) == "{\"a\": 1.50}")
        #expect(JSONText.value(Array("[1,2]".utf8)) == "[1,2]")
        #expect(JSONText.value(Array("42".utf8)) == "42")
        #expect(JSONText.value(Array("{\"a\":".utf8)) == "\"{\\\"a\\\":\"")
        #expect(JSONText.value(Array("plain\ttext\n".utf8)) == "\"plain\\ttext\\n\"")
        #expect(JSONText.value(nil) == "null")
        #expect(JSONText.quoted("\u{01}") == "\"\\u0001\"")
    }

    @Test func tablesPadColumnsAndRightAlignNumbers() {
        var table = TextTable(["TOPIC", "PARTITIONS"])
        table.append(["a-long-name", "3"])
        table.append(["b", "12"])
        #expect(table.rendered == "TOPIC        PARTITIONS\na-long-name           3\nb                    12")
    }

    @Test func topicSettingsAreKeyValue() throws {
        #expect(try KafkaTopics.parseConfigs(["retention.ms=10", "cleanup.policy=compact"])
            == ["retention.ms": "10", "cleanup.policy": "compact"])
        #expect(try KafkaTopics.parseConfigs(["x="]) == ["x": ""])
        #expect(throws: RivuletError.self) { try KafkaTopics.parseConfigs(["=1"]) }
        #expect(throws: RivuletError.self) { try KafkaTopics.parseConfigs(["novalue"]) }
    }

    @Test func consumeFlagsThatContradictEachOtherAreUsageErrors() {
        var options = ConsumeOptions(topic: "t")
        options.offset = 3
        #expect(throws: RivuletError.self) { try options.validate() }
        options.partition = 0
        #expect(throws: Never.self) { try options.validate() }
        options.group = "g"
        #expect(throws: RivuletError.self) { try options.validate() }
        options = ConsumeOptions(topic: "t")
        options.maxRecords = 0
        #expect(throws: RivuletError.self) { try options.validate() }
    }

    @Test func bootstrapComesFromTheConfigElseTheEmbeddedListenAddress() throws {
        var config = RivuletConfiguration()
        config.broker.listen = HostPort(host: "0.0.0.0", port: 9092)
        #expect(try KafkaEndpoint.bootstrapServers(config).map(\.description) == ["127.0.0.1:9092"])
        config.broker.bootstrap = [HostPort(host: "k1", port: 9093), HostPort(host: "k2", port: 9094)]
        #expect(try KafkaEndpoint.bootstrapServers(config).map(\.description) == ["k1:9093", "k2:9094"])
        config.broker.bootstrap = nil
        config.broker.listen.port = 0
        #expect(throws: RivuletError.self) { try KafkaEndpoint.bootstrapServers(config) }
    }

    @Test func produceDefaultsComeFromTheConfiguredSimulator() {
        var config = RivuletConfiguration()
        config.simulators = [SimulatorConfiguration(kind: .iot, topic: "sensors", devices: 3, rate: 2, jitter: 0.1)]
        let options = ProduceOptions(stream: .iot, config: config)
        #expect(options.topic == "sensors" && options.devices == 3 && options.jitter == 0.1)
        #expect(options.rate == .perSecond(2))
        let other = ProduceOptions(stream: .clickstream, config: config)
        #expect(other.topic == nil && other.devices == 8 && other.rate == .perSecond(4))
    }

    @Test func produceProgressInJSONNamesAcknowledgedEndsPerPartition() throws {
        let statistics = ProducerStatistics(
            acknowledged: 30, failed: 1, acknowledgedEndOffsets: [TopicPartition("t\"x", 1): 12, TopicPartition("t\"x", 0): 18])
        let progress = ProduceProgress(rate: 99.6, sent: 40, errors: 1, statistics: statistics)
        #expect(progress.line(.text) == "rate 100 events/s, sent 40, acknowledged 30, errors 1")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(progress.line(.json).utf8)) as? [String: [String: Any]])
        let body = try #require(object["progress"])
        #expect(body["sent"] as? Int == 40 && body["acknowledged"] as? Int == 30 && body["errors"] as? Int == 1)
        let partitions = try #require(body["partitions"] as? [[String: Any]])
        #expect(partitions.map { $0["partition"] as? Int } == [0, 1])
        #expect(partitions.map { $0["acknowledged_end"] as? Int } == [18, 12])
        #expect(partitions.allSatisfy { $0["topic"] as? String == "t\"x" })
    }

    @Test func produceCompressionIsAKafkaCodecName() {
        var options = ProduceOptions(stream: .iot, config: RivuletConfiguration())
        #expect(options.setCompression(named: "zstd") && options.compression == .zstd)
        #expect(!options.setCompression(named: "brotli") && options.compression == .zstd)
    }
}
