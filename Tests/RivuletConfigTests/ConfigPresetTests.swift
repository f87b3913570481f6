import RivuletConfig
import Testing

@Suite struct ConfigPresetTests {
    @Test func defaultPresetIsTheDefault() {
        #expect(ConfigPreset.default.configuration == RivuletConfiguration.default)
    }

    @Test func platformMatchesSeed002() throws {
        let config = ConfigPreset.platform.configuration
        #expect(config.topics.map(\.name) == ["clickstream", "iot"])
        #expect(config.topics.allSatisfy { $0.partitions == 4 })
        #expect(config.simulators.map(\.kind) == [.clickstream, .platformIoT])
        let tables = config.pipelines.flatMap(\.sinks).compactMap { sink -> String? in
            if case .delta(let table, let partitionBy) = sink, partitionBy == ["dt"] { return table }
            return nil
        }
        #expect(tables == ["clickstream", "clickstream_agg", "iot"])
        let agg = try #require(config.pipeline(named: "clickstream-agg"))
        #expect(agg.select.map(\.name) == ["minute_start", "minute_end", "url", "pv", "dt"])
        #expect(agg.window == .tumbling(size: .seconds(60)))
        let raw = try #require(config.pipeline(named: "clickstream-raw"))
        #expect(raw.select.map(\.name) == ["event_id", "user_id", "url", "referrer", "ua", "ts", "dt"])
        let iot = try #require(config.pipeline(named: "iot-raw"))
        #expect(
            iot.select.map(\.name) == [
                "device_id", "site", "temp_c", "humidity", "battery", "signal_strength", "ts", "dt",
            ])
    }

    @Test func smarttechMatchesSeed003() throws {
        let config = ConfigPreset.smarttech.configuration
        #expect(config.topics == [TopicConfiguration(name: "iot_smartech", partitions: 3)])
        #expect(config.pipelines.map(\.name) == ["bronze", "bronze-files", "silver", "gold"])
        #expect(config.pipeline(named: "bronze-files")?.source.directory == "input")
        let silver = try #require(config.pipeline(named: "silver"))
        #expect(silver.deduplicate != nil && silver.filter != nil)
        let gold = try #require(config.pipeline(named: "gold"))
        #expect(gold.window == .tumbling(size: .seconds(3600)))
        #expect(gold.groupBy == ["building", "room"])
    }

    @Test func urbanMatchesSeed004() throws {
        let config = ConfigPreset.urban.configuration
        let streams = ["vehicle_data", "gps_data", "traffic_data", "weather_data", "emergency_data"]
        #expect(config.topics.map(\.name) == streams)
        #expect(config.simulators.count == 1)
        #expect(config.simulators[0].topics == streams)
        #expect(config.pipelines.compactMap(\.source.topic) == streams)
        #expect(config.pipelines.allSatisfy { $0.eventTime?.watermarkDelay == .seconds(120) })
        #expect(config.pipelines.map(\.sinks) == streams.map { [.delta(table: $0, partitionBy: [])] })
    }

    @Test func presetFlagAcceptsOnlyPresetNames() throws {
        #expect(try ConfigPreset.named("urban") == .urban)
        #expect(throws: ConfigError.self) { try ConfigPreset.named("iot") }
        do {
            _ = try ConfigPreset.named("smartech")
        } catch {
            #expect(
                error.description
                    == "--preset: \"smartech\" is not a preset; did you mean smarttech? use one of default, platform, smarttech, urban"
            )
        }
    }

    @Test func aPresetCanBeTheBaseOfAFile() throws {
        let config = try ConfigLoader.load(yaml: "data_dir: /data\n", base: ConfigPreset.urban.configuration)
        var expected = ConfigPreset.urban.configuration
        expected.dataDir = "/data"
        #expect(config == expected)
    }
}
