import RivuletConfig
import Testing

/// Each kind of mistake is reported with its file, line and key path, in the documented form.
@Suite struct ConfigErrorTests {
    static func pipelineWith(_ window: String) -> String {
        """
        pipelines:
          - name: iot-aggregates
            source: {topic: iot-metrics, schema: iot}
            event_time: {field: ts, unit: ms, watermark_delay: 1m}
        \(window)
            group_by: [device_id]
            aggregates: {count: count()}
            sinks: [{kind: snapshot, path: aggregates/latest.json}]
        """
    }

    @Test func badDurationReadsAsDocumented() throws {
        let error = try #require(singleError(Self.pipelineWith("    window: {kind: tumbling, size: ten seconds}")))
        #expect(error.code == .invalidValue)
        #expect(error.file == "rivulet.yml" && error.line == 5)
        #expect(error.keyPath == "pipelines[0].window.size")
        #expect(error.isUsageError)
        #expect(
            error.description == """
                rivulet.yml:5: pipelines[0].window.size: "ten seconds" is not a duration; use a number and a unit such as 10s, 1m, 500ms
                """)
    }

    @Test func unknownKeyNamesTheAllowedKeysAndSuggestsTheClosest() throws {
        let error = try #require(
            singleError(
                """
                data_dir: ./data
                broker:
                  mode: embedded
                  retnetion: 7d
                """))
        #expect(error.code == .unknownKey)
        #expect(error.line == 4 && error.keyPath == "broker.retnetion")
        #expect(error.message.contains("did you mean retention?"))
        #expect(error.message.contains("allowed keys: mode, listen, bootstrap, fsync"))
    }

    @Test func unknownTopLevelSection() throws {
        let error = try #require(singleError("pipeline: []\n"))
        #expect(error.code == .unknownKey && error.line == 1 && error.keyPath == "pipeline")
        #expect(error.message.contains("did you mean pipelines?"))
    }

    @Test func keysOfAnotherWindowKindAreUnknown() throws {
        let error = try #require(singleError(Self.pipelineWith("    window: {kind: tumbling, size: 10s, slide: 5s}")))
        #expect(error.code == .unknownKey && error.line == 5 && error.keyPath == "pipelines[0].window.slide")
        #expect(error.message == "unknown key for a tumbling window; allowed keys: kind, size")
    }

    @Test func wrongTypes() throws {
        let list = try #require(singleError("topics:\n  - name: a\n    partitions: [3]\n"))
        #expect(list.code == .wrongType && list.line == 3 && list.keyPath == "topics[0].partitions")
        #expect(list.message == "expected a whole number; found a list")

        let word = try #require(singleError("broker:\n  default_partitions: three\n"))
        #expect(word.code == .wrongType && word.line == 2 && word.keyPath == "broker.default_partitions")
        #expect(word.message == "\"three\" is not a whole number; use digits such as 3")

        let section = try #require(singleError("lake: parquet\n"))
        #expect(section.code == .wrongType && section.line == 1 && section.keyPath == "lake")

        let flag = try #require(singleError("broker:\n  auto_create_topics: maybe\n"))
        #expect(flag.code == .wrongType && flag.keyPath == "broker.auto_create_topics")
    }

    @Test func invalidChoicesListTheAllowedWords() throws {
        let error = try #require(singleError("broker:\n  fsync: sometimes\n"))
        #expect(error.code == .invalidValue && error.line == 2 && error.keyPath == "broker.fsync")
        #expect(
            error.message == "\"sometimes\" is not an fsync policy; use one of group-commit, always, interval, none")

        let typo = try #require(singleError("lake:\n  compression: gzp\n"))
        #expect(typo.message.contains("did you mean gzip?"))
    }

    @Test func missingKeyPointsAtTheEnclosingEntry() throws {
        let error = try #require(
            singleError(
                """
                pipelines:
                  - source: {topic: iot-metrics, schema: iot}
                    sinks: [{kind: delta, table: t}]
                """))
        #expect(error.code == .missingKey && error.line == 2 && error.keyPath == "pipelines[0].name")
    }

    @Test func syntaxErrorsCarryYamlsLine() throws {
        let errors = loadErrors(
            """
            broker:
              mode: embedded
             listen: [oops
            dashboard: {}
            """)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.code == .syntax && error.file == "rivulet.yml")
        #expect(error.line == 3 || error.line == 4)
        #expect(error.description.hasPrefix("rivulet.yml:\(error.line ?? 0): not valid YAML"))
    }

    @Test func repeatedKeyIsASyntaxError() throws {
        let error = try #require(singleError("broker:\n  mode: embedded\n  mode: remote\n"))
        #expect(error.code == .syntax && error.line == 2)
        #expect(error.message.contains("\"mode\" appears more than once"))
    }

    @Test func allErrorsOfAFileAreReportedTogetherInLineOrder() throws {
        let errors = loadErrors(
            """
            data_dir: ./data
            brokr: {}
            topics:
              - name: iot-metrics
                partitions: 0
            simulators:
              - kind: iot
                rate: -2
                jitter: 1.5
            dashboard:
              listen: 127.0.0.1:70000
            """)
        #expect(errors.map(\.line) == [2, 5, 8, 9, 11])
        #expect(
            errors.map(\.keyPath) == [
                "brokr", "topics[0].partitions", "simulators[0].rate", "simulators[0].jitter", "dashboard.listen",
            ])
        #expect(errors.map(\.code) == [.unknownKey, .invalidValue, .invalidValue, .invalidValue, .invalidValue])
        do {
            _ = try ConfigLoader.load(yaml: "brokr: {}\nlake: {root: \"\"}\n")
            Issue.record("expected errors")
        } catch {
            #expect(
                error.description == """
                    rivulet.yml:1: brokr: unknown key; did you mean broker? allowed keys: data_dir, broker, topics, simulators, pipelines, lake, dashboard
                    rivulet.yml:2: lake.root: must not be empty; use a directory such as lake
                    """)
            #expect(error.isUsageError)
        }
    }

    @Test func aBrokenValueDoesNotCauseFollowUpErrorsAboutItsNeighbours() throws {
        let errors = loadErrors(Self.pipelineWith("    window: {kind: hopping, size: soon, slide: 30s}"))
        #expect(errors.map(\.keyPath) == ["pipelines[0].window.size"])
    }

    @Test func aliasesAndOddKeysDoNotCrash() throws {
        let errors = loadErrors("? [a, b]\n: 1\n")
        #expect(errors.first?.code == .wrongType)
    }
}
