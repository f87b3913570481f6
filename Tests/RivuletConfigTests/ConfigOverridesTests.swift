import RivuletConfig
import Testing

/// Precedence: flags > environment > file > defaults.
@Suite struct ConfigOverridesTests {
    static let file = """
        data_dir: /srv/rivulet
        dashboard:
          listen: 127.0.0.1:5001
        """

    @Test func environmentBeatsTheFile() throws {
        let config = try ConfigLoader.load(
            yaml: Self.file,
            environment: ["RIVULET_DATA_DIR": "/tmp/env", "FLASK_HOST": "0.0.0.0", "FLASK_PORT": "8080"]
        )
        #expect(config.dataDir == "/tmp/env")
        #expect(config.dashboard.listen == HostPort(host: "0.0.0.0", port: 8080))
    }

    @Test func flagsBeatTheEnvironment() throws {
        let config = try ConfigLoader.load(
            yaml: Self.file,
            environment: ["RIVULET_DATA_DIR": "/tmp/env", "FLASK_PORT": "8080", "KAFKA_BOOTSTRAP": "env:9092"],
            overrides: ConfigOverrides(
                dataDir: "/tmp/flag", brokerListen: "0.0.0.0:19092", dashboardListen: "[::1]:0", bootstrap: "flag:9092"
            )
        )
        #expect(config.dataDir == "/tmp/flag")
        #expect(config.broker.listen == HostPort(host: "0.0.0.0", port: 19092))
        #expect(config.dashboard.listen == HostPort(host: "::1", port: 0))
        #expect(config.broker.bootstrap == [HostPort(host: "flag", port: 9092)])
        #expect(config.broker.mode == .remote)
    }

    @Test func kafkaBootstrapSwitchesToRemoteMode() throws {
        let config = try ConfigLoader.load(yaml: nil, environment: ["KAFKA_BOOTSTRAP": "k1:9092,k2:9092"])
        #expect(config.broker.mode == .remote)
        #expect(config.broker.bootstrap?.map(\.description) == ["k1:9092", "k2:9092"])
    }

    @Test func kafkaTopicRenamesTheSeedTopicEverywhere() throws {
        let config = try ConfigLoader.load(yaml: nil, environment: ["KAFKA_TOPIC": "sensors"])
        #expect(config.topics.map(\.name) == ["sensors"])
        #expect(config.simulators[0].topic == "sensors")
        #expect(config.pipelines[0].source.topic == "sensors")
        #expect(config.pipelines[0].deadLetter.topic == "sensors.dlq")
    }

    @Test func emptyVariablesAreIgnored() throws {
        #expect(try ConfigLoader.load(yaml: nil, environment: ["KAFKA_TOPIC": "", "FLASK_PORT": ""]) == .default)
    }

    @Test func badEnvironmentValuesNameTheVariable() throws {
        let errors = loadErrors(nil, environment: ["FLASK_PORT": "eighty", "KAFKA_BOOTSTRAP": "nohost"])
        #expect(errors.map(\.location) == [.environment("KAFKA_BOOTSTRAP"), .environment("FLASK_PORT")])
        #expect(errors.allSatisfy { $0.line == nil && $0.file == nil && $0.isUsageError })
        #expect(
            errors[1].description == """
                environment variable FLASK_PORT: dashboard.listen: "eighty" is not a port; use a whole number from 0 to 65535
                """)
    }

    @Test func anEnvironmentValueThatBreaksARuleIsBlamedOnTheVariable() throws {
        let errors = loadErrors(nil, environment: ["KAFKA_TOPIC": "no spaces please"])
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.location == .environment("KAFKA_TOPIC") })
        #expect(errors.first?.keyPath == "topics[0].name")
    }

    @Test func badFlagsNameTheFlag() throws {
        var overrides = ConfigOverrides(brokerListen: "9092")
        overrides.flagNames.brokerListen = "--listen"
        let errors = loadErrors(nil, overrides: overrides)
        #expect(errors.count == 1)
        #expect(errors.first?.location == .flag("--listen"))
        #expect(errors.first?.description.hasPrefix("--listen: broker.listen: \"9092\" is not host:port") == true)
    }

    @Test func flagPortClashIsBlamedOnTheFlag() throws {
        let errors = loadErrors(nil, overrides: ConfigOverrides(dashboardListen: "127.0.0.1:9092"))
        #expect(errors.map(\.location) == [.flag("--dashboard-listen")])
        #expect(errors.first?.keyPath == "dashboard.listen")
    }

    @Test func configPathPrecedence() {
        #expect(ConfigLoader.configPath(flag: "a.yml", environment: ["RIVULET_CONFIG": "b.yml"]) == "a.yml")
        #expect(ConfigLoader.configPath(flag: nil, environment: ["RIVULET_CONFIG": "b.yml"]) == "b.yml")
        #expect(ConfigLoader.configPath(flag: nil, environment: [:]) == "rivulet.yml")
    }

    @Test func fileErrorsAndEnvironmentErrorsComeTogether() throws {
        let errors = loadErrors("broker: {fsync: sometimes}\n", environment: ["FLASK_PORT": "-1"])
        #expect(errors.map(\.location) == [.file("rivulet.yml", line: 1), .environment("FLASK_PORT")])
    }
}
