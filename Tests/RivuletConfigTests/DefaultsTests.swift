import RivuletConfig
import RivuletCore
import Testing

@Suite struct DefaultsTests {
    @Test func noFileIsSeed000() throws {
        let config = try ConfigLoader.load(yaml: nil)
        #expect(config == RivuletConfiguration.default)
        #expect(config.dataDir == "./data")
        #expect(config.broker.mode == .embedded)
        #expect(config.broker.listen == HostPort(host: "127.0.0.1", port: 9092))
        #expect(config.broker.bootstrap == nil)
        #expect(config.broker.fsync == .groupCommit)
        #expect(config.broker.fsyncInterval == .seconds(1))
        #expect(config.broker.retention == .seconds(7 * 86_400))
        #expect(config.broker.segmentBytes == .mebibytes(256))
        #expect(config.broker.defaultPartitions == 3)
        #expect(config.broker.maxRequestBytes == .mebibytes(100))
        #expect(config.broker.maxMessageBytes == .mebibytes(1))
        #expect(config.topics == [TopicConfiguration(name: "iot-metrics", partitions: 3)])

        let simulator = try #require(config.simulators.first)
        #expect(config.simulators.count == 1)
        #expect(simulator.kind == .iot && simulator.topic == "iot-metrics")
        #expect(simulator.devices == 8 && simulator.rate == 4.0 && simulator.jitter == 0.3)

        let pipeline = try #require(config.pipelines.first)
        #expect(config.pipelines.count == 1)
        #expect(pipeline.name == "iot-aggregates")
        #expect(pipeline.source.topic == "iot-metrics")
        #expect(pipeline.source.format == .json && pipeline.source.schema == .named(.iot))
        #expect(pipeline.eventTime?.field == "ts" && pipeline.eventTime?.unit == .milliseconds)
        #expect(pipeline.eventTime?.watermarkDelay == .seconds(60))
        #expect(pipeline.eventTime?.idleTimeout == .seconds(30))
        #expect(pipeline.window == .tumbling(size: .seconds(10)))
        #expect(pipeline.groupBy == ["device_id"])
        #expect(
            pipeline.aggregates.map(\.name) == [
                "count", "avg_temperature", "avg_humidity", "min_battery", "max_battery",
            ])
        #expect(
            pipeline.aggregates.map(\.description) == [
                "count()", "avg(temperature)", "avg(humidity)", "min(battery)", "max(battery)",
            ])
        #expect(pipeline.emit.liveEvery == .milliseconds(25))
        #expect(pipeline.allowedLateness == .zero && pipeline.checkpointInterval == .seconds(5))
        #expect(
            pipeline.sinks == [
                .snapshot(path: "aggregates/latest.json"),
                .delta(table: "iot_window_agg", partitionBy: ["device_id"]),
            ])
        #expect(pipeline.lateEvents?.table == "iot_late_events")
        #expect(pipeline.deadLetter.topic == "iot-metrics.dlq")

        #expect(config.lake.root == "lake" && config.lake.format == .delta && config.lake.compression == .snappy)
        #expect(config.lake.targetFileSize == .mebibytes(128) && config.lake.flushInterval == .seconds(30))
        #expect(config.lake.checkpointInterval == 10 && config.lake.optimizeAfterFiles == 50)
        #expect(config.dashboard.listen == HostPort(host: "127.0.0.1", port: 5000) && config.dashboard.token == nil)
        #expect(ConfigValidation.validate(config).isEmpty)
    }

    @Test func emptyOrCommentOnlyFileIsTheDefaults() throws {
        #expect(try ConfigLoader.load(yaml: "") == .default)
        #expect(try ConfigLoader.load(yaml: "# nothing here\n") == .default)
    }

    @Test func missingKeysKeepTheirDefaults() throws {
        let config = try ConfigLoader.load(
            yaml: """
                broker:
                  retention: 1d
                dashboard:
                  listen: 0.0.0.0:8080
                """)
        var expected = RivuletConfiguration.default
        expected.broker.retention = .seconds(86_400)
        expected.dashboard.listen = HostPort(host: "0.0.0.0", port: 8080)
        #expect(config == expected)
    }

    @Test func aGivenListReplacesTheDefaultList() throws {
        let config = try ConfigLoader.load(
            yaml: """
                topics:
                  - name: orders
                simulators: []
                pipelines:
                  - name: pass
                    source: {topic: orders, schema: {id: string, ts: long}}
                    sinks: [{kind: delta, table: orders}]
                """)
        #expect(config.topics == [TopicConfiguration(name: "orders", partitions: 3)])
        #expect(config.simulators.isEmpty)
        let pipeline = try #require(config.pipelines.first)
        #expect(config.pipelines.count == 1)
        #expect(pipeline.source.schema == .fields([SchemaField("id", .string), SchemaField("ts", .long)]))
        #expect(pipeline.window == nil && pipeline.lateEvents == nil && pipeline.eventTime == nil)
        #expect(pipeline.deadLetter.topic == "orders.dlq")
        #expect(pipeline.emit.liveEvery == .milliseconds(100))
        #expect(pipeline.sinks == [.delta(table: "orders", partitionBy: [])])
    }

    @Test func topicsWithoutPartitionsUseTheBrokersDefaultWhereverItIsWritten() throws {
        let config = try ConfigLoader.load(
            yaml: """
                topics: [{name: a}]
                broker: {default_partitions: 6}
                """)
        #expect(config.topics == [TopicConfiguration(name: "a", partitions: 6)])
    }

    @Test func windowedPipelinesGetDerivedDefaults() throws {
        let config = try ConfigLoader.load(
            yaml: """
                pipelines:
                  - name: temp-alerts
                    source: {topic: iot-metrics, schema: iot}
                    event_time: {field: ts}
                    window: {kind: hopping, size: 1m, slide: 10s}
                    group_by: location
                    aggregates:
                      errors: count_if(status == 'error')
                      p95_temp: p95(temperature)
                    sinks: [{kind: snapshot, path: aggregates/alerts.json}]
                """)
        let pipeline = try #require(config.pipelines.first)
        #expect(
            pipeline.eventTime == EventTimeConfiguration(field: "ts", unit: .milliseconds, watermarkDelay: .seconds(60))
        )
        #expect(pipeline.window == .hopping(size: .seconds(60), slide: .seconds(10)))
        #expect(pipeline.groupBy == ["location"])
        #expect(
            pipeline.aggregates == [
                AggregateSpec(name: "errors", function: .countIf, argument: "status == 'error'"),
                AggregateSpec(name: "p95_temp", function: .p95, argument: "temperature"),
            ])
        #expect(pipeline.lateEvents?.table == "temp_alerts_late_events")
        #expect(pipeline.deadLetter.topic == "iot-metrics.dlq")
    }

    @Test func explicitNullClearsAnOptionalValue() throws {
        let config = try ConfigLoader.load(yaml: "dashboard: {token: null}\nbroker: {retention_bytes: 10GiB}")
        #expect(config.dashboard.token == nil)
        #expect(config.broker.retentionBytes == .gibibytes(10))
    }

    @Test func remoteModeWithBootstrapList() throws {
        let config = try ConfigLoader.load(
            yaml: """
                broker:
                  mode: remote
                  bootstrap: kafka-1:9092, kafka-2:9092,[::1]:9093
                """)
        #expect(
            config.broker.bootstrap == [
                HostPort(host: "kafka-1", port: 9092), HostPort(host: "kafka-2", port: 9092),
                HostPort(host: "::1", port: 9093),
            ])
        let asList = try ConfigLoader.load(yaml: "broker: {mode: remote, bootstrap: [\"k:1\", \"k:2\"]}")
        #expect(asList.broker.bootstrap?.count == 2)
    }
}
