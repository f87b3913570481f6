import RivuletConfig
import Testing

/// Impossible values, each with the line and key path of the value to change.
@Suite struct ValidationTests {
    @Test(arguments: [
        ("simulators:\n  - kind: iot\n    rate: -1.5\n", 3, "simulators[0].rate"),
        ("simulators:\n  - kind: iot\n    rate: 0\n", 3, "simulators[0].rate"),
        ("simulators:\n  - kind: iot\n    malformed_ratio: 1.01\n", 3, "simulators[0].malformed_ratio"),
        ("simulators:\n  - kind: iot\n    late_ratio: -0.1\n", 3, "simulators[0].late_ratio"),
        ("simulators:\n  - kind: iot\n    devices: 0\n", 3, "simulators[0].devices"),
        ("topics:\n  - name: t\n    partitions: 0\n", 3, "topics[0].partitions"),
        ("topics:\n  - name: bad name!\n", 2, "topics[0].name"),
        ("broker:\n  default_partitions: -1\n", 2, "broker.default_partitions"),
        ("broker:\n  listen: 127.0.0.1:65536\n", 2, "broker.listen"),
        ("broker:\n  listen: localhost\n", 2, "broker.listen"),
        ("broker:\n  retention: 0s\n", 2, "broker.retention"),
        ("broker:\n  segment_bytes: 1KiB\n", 2, "broker.segment_bytes"),
        ("broker:\n  mode: remote\n", 2, "broker.bootstrap"),
        ("broker:\n  bootstrap: k:9092\n", 2, "broker.bootstrap"),
        ("lake:\n  checkpoint_interval: 0\n", 2, "lake.checkpoint_interval"),
        ("dashboard:\n  listen: 127.0.0.1:9092\n", 2, "dashboard.listen"),
    ])
    func impossibleValues(yaml: String, line: Int, keyPath: String) throws {
        let error = try #require(singleError(yaml))
        #expect(error.line == line)
        #expect(error.keyPath == keyPath)
        #expect(error.code == .invalidValue || error.code == .missingKey)
    }

    static func pipeline(_ lines: String) -> String {
        """
        pipelines:
          - name: p
            source: {topic: iot-metrics, schema: iot}
            event_time: {field: ts}
        \(lines)
        """
    }

    @Test func zeroWindowSize() throws {
        let error = try #require(
            singleError(
                Self.pipeline(
                    """
                        window: {kind: tumbling, size: 0s}
                        aggregates: {n: count()}
                        sinks: [{kind: delta, table: t}]
                    """)))
        #expect(error.line == 5 && error.keyPath == "pipelines[0].window.size" && error.code == .invalidValue)
        #expect(error.message == "0s is too short; use more than 0s, e.g. 10s")
    }

    @Test func hoppingSlideLongerThanSize() throws {
        let error = try #require(
            singleError(
                Self.pipeline(
                    """
                        window:
                          kind: hopping
                          size: 10s
                          slide: 1m
                        aggregates: {n: count()}
                        sinks: [{kind: delta, table: t}]
                    """)))
        #expect(error.line == 8 && error.keyPath == "pipelines[0].window.slide")
        #expect(error.message.hasPrefix("1m is longer than size 10s"))
    }

    @Test func unknownAggregateFunction() throws {
        let error = try #require(
            singleError(
                Self.pipeline(
                    """
                        window: {kind: tumbling, size: 10s}
                        aggregates:
                          n: count()
                          mean_temp: mean(temperature)
                        sinks: [{kind: delta, table: t}]
                    """)))
        #expect(error.line == 8 && error.keyPath == "pipelines[0].aggregates.mean_temp" && error.code == .invalidValue)
        #expect(error.message.hasPrefix("\"mean\" is not an aggregate function; use one of count, sum, avg"))
    }

    @Test func aggregateWithoutFieldAndMalformedExpression() throws {
        let errors = loadErrors(
            Self.pipeline(
                """
                    window: {kind: tumbling, size: 10s}
                    aggregates:
                      a: avg()
                      b: avg temperature
                      c: count_if()
                    sinks: [{kind: delta, table: t}]
                """))
        #expect(errors.map(\.line) == [7, 8, 9])
        #expect(
            errors.map(\.keyPath) == [
                "pipelines[0].aggregates.a", "pipelines[0].aggregates.b", "pipelines[0].aggregates.c",
            ])
    }

    @Test func unknownSinkKind() throws {
        let error = try #require(
            singleError(
                Self.pipeline(
                    """
                        sinks:
                          - kind: delta
                            table: t
                          - kind: kafka
                            topic: out
                    """)))
        #expect(error.line == 8 && error.keyPath == "pipelines[0].sinks[1].kind" && error.code == .invalidValue)
        #expect(error.message == "\"kafka\" is not a sink kind; use one of snapshot, delta, parquet")
    }

    @Test func duplicateTopicAndPipelineNames() throws {
        let errors = loadErrors(
            """
            topics:
              - name: a
              - name: a
            pipelines:
              - name: copy
                source: {topic: a, schema: iot}
                sinks: [{kind: delta, table: t1}]
              - name: copy
                source: {topic: a, schema: iot}
                sinks: [{kind: delta, table: t2}]
            """)
        #expect(errors.map(\.line) == [3, 8])
        #expect(errors.map(\.keyPath) == ["topics[1].name", "pipelines[1].name"])
        #expect(errors[0].message == "\"a\" is already declared as topics[0]; topic names must be unique")
    }

    @Test func windowRulesAcrossKeys() throws {
        let errors = loadErrors(
            """
            pipelines:
              - name: p
                source: {topic: iot-metrics, schema: iot}
                window: {kind: session, gap: 30s}
                sinks: [{kind: delta, table: t, partition_by: [site]}]
              - name: q
                source: {topic: iot-metrics, schema: iot}
                aggregates: {n: count()}
                sinks: [{kind: snapshot, path: ../outside.json}]
            """)
        let found = errors.map { "\($0.line ?? 0) \($0.keyPath)" }
        #expect(
            found == [
                "2 pipelines[0].event_time",
                "2 pipelines[0].aggregates",
                "5 pipelines[0].sinks[0].partition_by[0]",
                "6 pipelines[1].window",
                "9 pipelines[1].sinks[0].path",
            ])
    }

    @Test func partitionColumnsMustBeOutputColumns() throws {
        let error = try #require(
            singleError(
                Self.pipeline(
                    """
                        select: {id: device_id, day: "date(ts)"}
                        sinks: [{kind: parquet, path: exports/x, partition_by: [dt]}]
                    """)))
        #expect(error.keyPath == "pipelines[0].sinks[0].partition_by[0]" && error.line == 6)
        #expect(error.message == "\"dt\" is not a column of this pipeline's rows; use one of day, id")
    }

    @Test func vehicleTopicNeedsTheStreamPlaceholder() throws {
        let error = try #require(singleError("simulators:\n  - kind: vehicle\n    topic: cars\n"))
        #expect(error.keyPath == "simulators[0].topic" && error.line == 3)
    }

    @Test func undeclaredTopicsWhenAutoCreationIsOff() throws {
        let errors = loadErrors("broker: {auto_create_topics: false}\ntopics: []\n")
        #expect(errors.map(\.keyPath) == ["simulators[0].topic", "pipelines[0].source.topic"])
        // Defaults have no line of their own; the error points at the nearest written parent or none.
        #expect(errors.allSatisfy { $0.location == .unspecified })
    }

    @Test func presetsAndDefaultsValidate() {
        for preset in ConfigPreset.allCases {
            #expect(ConfigValidation.validate(preset.configuration).isEmpty, "\(preset)")
        }
    }
}
