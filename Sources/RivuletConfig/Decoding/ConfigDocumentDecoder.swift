import RivuletCore
import Yams

/// Turns the text of `rivulet.yml` into a configuration on top of a base (the defaults).
///
/// Keys the file leaves out keep the base's values; a list the file gives (`topics`,
/// `simulators`, `pipelines`) replaces the base's list, since merging entries would be a guess.
struct ConfigDocumentDecoder {
    var configuration: RivuletConfiguration
    var errors: [ConfigError]
    var sourceMap: ConfigSourceMap

    init(yaml: String, fileName: String, base: RivuletConfiguration) {
        let decoder = YAMLNodeDecoder(fileName: fileName)
        var config = base
        do {
            if let root = try Yams.compose(yaml: yaml) {
                decoder.decodeRoot(root, into: &config)
            }
            errors = decoder.errors
        } catch {
            errors = [Self.syntaxError(error, fileName: fileName)]
        }
        configuration = config
        sourceMap = decoder.sourceMap
    }

    static func syntaxError(_ error: any Error, fileName: String) -> ConfigError {
        var line = 1
        var message = "is not valid YAML"
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            line = mark.line
            message = "not valid YAML: \(problem)" + (context.map { " (\($0.text))" } ?? "")
        case .duplicatedKeysInMapping(let duplicates, let context):
            line = context.mark.line
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            message = "key \(keys) appears more than once in the same mapping; keep one"
        case .reader(let problem, _, _, _):
            message = "cannot be read: \(problem); save the file as UTF-8 text"
        default:
            break
        }
        return ConfigError(.syntax, at: .file(fileName, line: max(line, 1)), keyPath: "", message, cause: error)
    }
}

extension YAMLNodeDecoder {
    func decodeRoot(_ root: Node, into config: inout RivuletConfiguration) {
        guard let f = fields(root, .root, allowed: ConfigKeys.root) else { return }
        set(&config.dataDir, f, "data_dir", string)
        // The broker comes first whatever the order in the file: topics default to its partitions.
        if let node = f["broker"] { decodeBroker(node, into: &config.broker) }
        set(&config.topics, f, "topics") { self.topics($0, $1, defaultPartitions: config.broker.defaultPartitions) }
        set(&config.simulators, f, "simulators", simulators)
        set(&config.pipelines, f, "pipelines", pipelines)
        if let node = f["lake"] { decodeLake(node, into: &config.lake) }
        if let node = f["dashboard"] { decodeDashboard(node, into: &config.dashboard) }
    }

    func decodeBroker(_ node: Node, into broker: inout BrokerConfiguration) {
        let path = ConfigKeyPath.root.key("broker")
        note(node, path)
        guard let f = fields(node, path, allowed: ConfigKeys.broker) else { return }
        set(&broker.mode, f, "mode", choice(BrokerConfiguration.Mode.self, "a broker mode"))
        set(&broker.listen, f, "listen", hostPort)
        setOptional(&broker.bootstrap, f, "bootstrap", hostPortList)
        set(&broker.fsync, f, "fsync", choice(BrokerConfiguration.FsyncPolicy.self, "an fsync policy"))
        set(&broker.fsyncInterval, f, "fsync_interval", duration)
        set(&broker.retention, f, "retention", duration)
        setOptional(&broker.retentionBytes, f, "retention_bytes", byteCount)
        set(&broker.segmentBytes, f, "segment_bytes", byteCount)
        set(&broker.segmentAge, f, "segment_age", duration)
        set(&broker.defaultPartitions, f, "default_partitions", int)
        set(&broker.autoCreateTopics, f, "auto_create_topics", bool)
        set(&broker.maxRequestBytes, f, "max_request_bytes", byteCount)
        set(&broker.maxMessageBytes, f, "max_message_bytes", byteCount)
        set(&broker.groupInitialRebalanceDelay, f, "group_initial_rebalance_delay", duration)
    }

    func topics(_ node: Node, _ path: ConfigKeyPath, defaultPartitions: Int) -> [TopicConfiguration]? {
        guard let items = items(node, path, what: "topics") else { return nil }
        return items.compactMap { item in
            guard let f = fields(item.node, item.path, allowed: ConfigKeys.topic) else { return nil }
            note(item.node, item.path)
            let name = required(f, "name", hint: "every topic needs a name such as iot-metrics", string)
            var topic = TopicConfiguration(name: name ?? "", partitions: defaultPartitions)
            set(&topic.partitions, f, "partitions", int)
            setOptional(&topic.retention, f, "retention", duration)
            setOptional(&topic.segmentBytes, f, "segment_bytes", byteCount)
            return topic
        }
    }

    func simulators(_ node: Node, _ path: ConfigKeyPath) -> [SimulatorConfiguration]? {
        guard let items = items(node, path, what: "simulators") else { return nil }
        return items.compactMap { item in
            guard let f = fields(item.node, item.path, allowed: ConfigKeys.simulator) else { return nil }
            note(item.node, item.path)
            let hint = "say which stream to simulate: \(SimulatorConfiguration.Kind.allowedText)"
            let kind = required(f, "kind", hint: hint, choice(SimulatorConfiguration.Kind.self, "a simulator kind"))
            var simulator = SimulatorConfiguration(kind: kind ?? .iot)
            set(&simulator.topic, f, "topic", string)
            set(&simulator.devices, f, "devices", int)
            set(&simulator.rate, f, "rate", double)
            set(&simulator.jitter, f, "jitter", double)
            setOptional(&simulator.seed, f, "seed", uint64)
            set(&simulator.lateRatio, f, "late_ratio", double)
            set(&simulator.lateMax, f, "late_max", duration)
            set(&simulator.outOfOrder, f, "out_of_order", double)
            set(&simulator.duplicateRatio, f, "duplicate_ratio", double)
            set(&simulator.malformedRatio, f, "malformed_ratio", double)
            setOptional(&simulator.count, f, "count", int)
            setOptional(&simulator.duration, f, "duration", duration)
            return simulator
        }
    }

    func decodeLake(_ node: Node, into lake: inout LakeConfiguration) {
        let path = ConfigKeyPath.root.key("lake")
        note(node, path)
        guard let f = fields(node, path, allowed: ConfigKeys.lake) else { return }
        set(&lake.root, f, "root", string)
        set(&lake.format, f, "format", choice(LakeConfiguration.Format.self, "a table format"))
        set(&lake.compression, f, "compression", choice(LakeConfiguration.Compression.self, "a compression"))
        set(&lake.targetFileSize, f, "target_file_size", byteCount)
        set(&lake.flushInterval, f, "flush_interval", duration)
        set(&lake.checkpointInterval, f, "checkpoint_interval", int)
        set(&lake.optimizeAfterFiles, f, "optimize_after_files", int)
    }

    func decodeDashboard(_ node: Node, into dashboard: inout DashboardConfiguration) {
        let path = ConfigKeyPath.root.key("dashboard")
        note(node, path)
        guard let f = fields(node, path, allowed: ConfigKeys.dashboard) else { return }
        set(&dashboard.listen, f, "listen", hostPort)
        setOptional(&dashboard.token, f, "token", string)
    }
}
