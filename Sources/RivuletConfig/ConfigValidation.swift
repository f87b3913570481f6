import RivuletCore

/// Checks that the values make sense together: ranges, names, references between sections.
/// Types and syntax are the decoder's job; this works on the model, so that presets, flags and
/// environment values get the same checks as the file.
public enum ConfigValidation {
    /// Every problem in a configuration built in code; locations are `.unspecified`.
    public static func validate(_ config: RivuletConfiguration) -> [ConfigError] {
        problems(in: config).map { $0.error(at: .unspecified) }
    }

    struct Problem {
        var code: ConfigError.Code
        var path: ConfigKeyPath
        var message: String

        func error(at location: ConfigError.Location) -> ConfigError {
            ConfigError(code, at: location, keyPath: path.description, message)
        }
    }

    /// Collects problems; the checks read as a list of rules.
    struct Problems {
        var list: [Problem] = []

        mutating func add(_ path: ConfigKeyPath, _ message: String, _ code: ConfigError.Code = .invalidValue) {
            list.append(Problem(code: code, path: path, message: message))
        }

        mutating func positive(_ value: Duration, _ path: ConfigKeyPath, example: String) {
            if value <= .zero {
                add(path, "\(DurationText.format(value)) is too short; use more than 0s, e.g. \(example)")
            }
        }

        mutating func notNegative(_ value: Duration, _ path: ConfigKeyPath) {
            if value < .zero { add(path, "must not be negative; use 0s or more") }
        }

        mutating func atLeast(_ minimum: Int, _ value: Int, _ path: ConfigKeyPath, _ what: String) {
            if value < minimum { add(path, "\(value) is not allowed; \(what) must be at least \(minimum)") }
        }

        mutating func ratio(_ value: Double, _ path: ConfigKeyPath) {
            if !(0...1).contains(value) { add(path, "\(value) is not a ratio; use a fraction from 0 to 1, e.g. 0.05") }
        }

        mutating func topicName(_ name: String, _ path: ConfigKeyPath) {
            if !Identifier.isTopicName(name) {
                add(path, "\"\(name)\" is not a topic name; use 1 to 249 letters, digits, '.', '_' or '-'")
            }
        }

        mutating func simpleName(_ name: String, _ path: ConfigKeyPath, _ what: String) {
            if !Identifier.isSimpleName(name) {
                add(path, "\"\(name)\" is not a valid \(what); use letters, digits, '_' or '-' (it names a directory)")
            }
        }

        mutating func fieldName(_ name: String, _ path: ConfigKeyPath) {
            if !Identifier.isFieldPath(name) {
                add(path, "\"\(name)\" is not a field name; use letters, digits and '_', not starting with a digit")
            }
        }
    }

    static func problems(in config: RivuletConfiguration) -> [Problem] {
        var p = Problems()
        let root = ConfigKeyPath.root
        if config.dataDir.isEmpty { p.add(root.key("data_dir"), "must not be empty; use a directory such as ./data") }
        checkBroker(config.broker, &p)
        checkTopics(config, &p)
        checkSimulators(config, &p)
        checkPipelines(config, &p)
        checkLake(config.lake, &p)
        checkDashboard(config, &p)
        return p.list
    }

    static func checkBroker(_ broker: BrokerConfiguration, _ p: inout Problems) {
        let path = ConfigKeyPath.root.key("broker")
        switch (broker.mode, broker.bootstrap) {
        case (.remote, .none), (.remote, .some([])):
            p.add(
                path.key("bootstrap"),
                "remote mode needs the cluster's brokers, e.g. bootstrap: kafka-1:9092,kafka-2:9092", .missingKey
            )
        case (.embedded, .some):
            p.add(path.key("bootstrap"), "is only used in remote mode; set broker.mode: remote or remove bootstrap")
        default: break
        }
        if broker.fsync == .interval { p.positive(broker.fsyncInterval, path.key("fsync_interval"), example: "1s") }
        p.positive(broker.retention, path.key("retention"), example: "7d")
        if let bytes = broker.retentionBytes, bytes.rawValue <= 0 {
            p.add(path.key("retention_bytes"), "must be more than 0; use a size such as 10GiB, or null for no limit")
        }
        if broker.maxMessageBytes.rawValue <= 0 {
            p.add(path.key("max_message_bytes"), "must be more than 0; use a size such as 1MiB")
        }
        if broker.segmentBytes < broker.maxMessageBytes {
            p.add(
                path.key("segment_bytes"),
                "\(broker.segmentBytes) is smaller than max_message_bytes (\(broker.maxMessageBytes)); a segment must hold the largest message"
            )
        }
        if broker.maxRequestBytes < broker.maxMessageBytes {
            p.add(
                path.key("max_request_bytes"),
                "\(broker.maxRequestBytes) is smaller than max_message_bytes (\(broker.maxMessageBytes)); a request must hold the largest message"
            )
        }
        p.positive(broker.segmentAge, path.key("segment_age"), example: "7d")
        p.atLeast(1, broker.defaultPartitions, path.key("default_partitions"), "a topic's partition count")
        p.notNegative(broker.groupInitialRebalanceDelay, path.key("group_initial_rebalance_delay"))
    }

    static func checkTopics(_ config: RivuletConfiguration, _ p: inout Problems) {
        var seen: [String: Int] = [:]
        for (i, topic) in config.topics.enumerated() {
            let path = ConfigKeyPath.root.key("topics").index(i)
            p.topicName(topic.name, path.key("name"))
            if topic.name.hasPrefix("__") {
                p.add(
                    path.key("name"),
                    "\"\(topic.name)\" is reserved for the broker's own topics; use a name not starting with __")
            }
            if let first = seen[topic.name] {
                p.add(
                    path.key("name"),
                    "\"\(topic.name)\" is already declared as topics[\(first)]; topic names must be unique")
            } else {
                seen[topic.name] = i
            }
            p.atLeast(1, topic.partitions, path.key("partitions"), "a topic's partition count")
            if let retention = topic.retention { p.positive(retention, path.key("retention"), example: "1d") }
            if let bytes = topic.segmentBytes, bytes < config.broker.maxMessageBytes {
                p.add(
                    path.key("segment_bytes"),
                    "\(bytes) is smaller than broker.max_message_bytes (\(config.broker.maxMessageBytes))")
            }
        }
    }

    /// Without auto-creation the embedded broker only has the topics listed in `topics`.
    static func checkDeclared(
        _ topic: String, _ path: ConfigKeyPath, _ config: RivuletConfiguration, _ p: inout Problems
    ) {
        guard config.broker.mode == .embedded, !config.broker.autoCreateTopics else { return }
        if !config.topics.contains(where: { $0.name == topic }) {
            p.add(path, "topic \"\(topic)\" is not in topics and broker.auto_create_topics is false; add it to topics")
        }
    }

    static func checkSimulators(_ config: RivuletConfiguration, _ p: inout Problems) {
        for (i, sim) in config.simulators.enumerated() {
            let path = ConfigKeyPath.root.key("simulators").index(i)
            let placeholder = SimulatorConfiguration.streamPlaceholder
            if sim.kind == .vehicle, !sim.topic.contains(placeholder) {
                p.add(
                    path.key("topic"),
                    "a vehicle simulator writes five streams; put \(placeholder) in the topic, e.g. \(placeholder)_data"
                )
            } else if sim.kind != .vehicle, sim.topic.contains(placeholder) {
                p.add(
                    path.key("topic"),
                    "\(placeholder) is only for vehicle simulators; name one topic, e.g. \(sim.kind.defaultTopic)")
            } else {
                for topic in sim.topics {
                    p.topicName(topic, path.key("topic"))
                    checkDeclared(topic, path.key("topic"), config, &p)
                }
            }
            p.atLeast(1, sim.devices, path.key("devices"), "the number of devices")
            if !(sim.rate > 0) {
                p.add(
                    path.key("rate"), "\(sim.rate) is not allowed; use events per second per device above 0, e.g. 4.0")
            }
            p.ratio(sim.jitter, path.key("jitter"))
            p.ratio(sim.lateRatio, path.key("late_ratio"))
            p.ratio(sim.outOfOrder, path.key("out_of_order"))
            p.ratio(sim.duplicateRatio, path.key("duplicate_ratio"))
            p.ratio(sim.malformedRatio, path.key("malformed_ratio"))
            if sim.lateRatio > 0 { p.positive(sim.lateMax, path.key("late_max"), example: "5m") }
            if let count = sim.count { p.atLeast(1, count, path.key("count"), "count") }
            if let duration = sim.duration { p.positive(duration, path.key("duration"), example: "10m") }
        }
    }

    static func checkLake(_ lake: LakeConfiguration, _ p: inout Problems) {
        let path = ConfigKeyPath.root.key("lake")
        if lake.root.isEmpty { p.add(path.key("root"), "must not be empty; use a directory such as lake") }
        if lake.targetFileSize.rawValue <= 0 {
            p.add(path.key("target_file_size"), "must be more than 0; use a size such as 128MiB")
        }
        p.positive(lake.flushInterval, path.key("flush_interval"), example: "30s")
        p.atLeast(
            1, lake.checkpointInterval, path.key("checkpoint_interval"), "the number of commits between checkpoints")
        p.atLeast(0, lake.optimizeAfterFiles, path.key("optimize_after_files"), "the file count (0 turns it off)")
    }

    static func checkDashboard(_ config: RivuletConfiguration, _ p: inout Problems) {
        let path = ConfigKeyPath.root.key("dashboard")
        if let token = config.dashboard.token, token.isEmpty || token.contains(where: \.isWhitespace) {
            p.add(path.key("token"), "must be non-empty and without spaces, or null for no token")
        }
        let broker = config.broker
        if broker.mode == .embedded, broker.listen.port != 0, broker.listen == config.dashboard.listen {
            p.add(
                path.key("listen"), "\(broker.listen) is also broker.listen; give the dashboard another port, e.g. 5000"
            )
        }
    }
}
