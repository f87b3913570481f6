/// Values from command-line flags, still as typed, so that a bad one is reported naming its flag.
public struct ConfigOverrides: Hashable, Sendable {
    public var dataDir: String?
    public var brokerListen: String?
    public var dashboardListen: String?
    /// `host:port,host:port`; switches the broker to remote mode.
    public var bootstrap: String?
    /// How the command spelled each flag (`rivulet broker` says `--listen`), for error messages.
    public var flagNames = FlagNames()

    public struct FlagNames: Hashable, Sendable {
        public var dataDir = "--data-dir"
        public var brokerListen = "--broker-listen"
        public var dashboardListen = "--dashboard-listen"
        public var bootstrap = "--bootstrap"
        public init() {}
    }

    public init(
        dataDir: String? = nil, brokerListen: String? = nil, dashboardListen: String? = nil, bootstrap: String? = nil
    ) {
        self.dataDir = dataDir
        self.brokerListen = brokerListen
        self.dashboardListen = dashboardListen
        self.bootstrap = bootstrap
    }
}

/// Applies environment variables and flags on top of the file, recording where each value came from.
struct OverrideApplier {
    var config: RivuletConfiguration
    var sourceMap: ConfigSourceMap
    var errors: [ConfigError] = []

    private static let dataDir = ConfigKeyPath("data_dir")
    private static let brokerListen = ConfigKeyPath("broker.listen")
    private static let bootstrap = ConfigKeyPath("broker.bootstrap")
    private static let mode = ConfigKeyPath("broker.mode")
    private static let dashboardListen = ConfigKeyPath("dashboard.listen")

    /// Empty variables count as unset, as when a compose file passes `KAFKA_TOPIC=` through.
    mutating func applyEnvironment(_ environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let dir = value("RIVULET_DATA_DIR") {
            config.dataDir = dir
            sourceMap.record(Self.dataDir, .environment("RIVULET_DATA_DIR"))
        }
        if let text = value("KAFKA_BOOTSTRAP") { setBootstrap(text, from: .environment("KAFKA_BOOTSTRAP")) }
        if let topic = value("KAFKA_TOPIC") { renameFirstTopic(to: topic) }
        if let host = value("FLASK_HOST") {
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            if bare.isEmpty || bare.contains(where: { $0 == " " || $0 == "/" }) {
                fail(
                    .environment("FLASK_HOST"), Self.dashboardListen,
                    "\"\(host)\" is not a host; use for example 0.0.0.0 or 127.0.0.1")
            } else {
                config.dashboard.listen.host = bare
                sourceMap.record(Self.dashboardListen, .environment("FLASK_HOST"))
            }
        }
        if let text = value("FLASK_PORT") {
            if let port = HostPort.parsePort(text.trimmingSpaces) {
                config.dashboard.listen.port = port
                sourceMap.record(Self.dashboardListen, .environment("FLASK_PORT"))
            } else {
                fail(
                    .environment("FLASK_PORT"), Self.dashboardListen, "\"\(text)\" is not a port; \(HostPort.portHint)")
            }
        }
    }

    mutating func applyFlags(_ flags: ConfigOverrides) {
        let names = flags.flagNames
        if let dir = flags.dataDir {
            if dir.isEmpty {
                fail(.flag(names.dataDir), Self.dataDir, "must not be empty; use a directory such as ./data")
            } else {
                config.dataDir = dir
                sourceMap.record(Self.dataDir, .flag(names.dataDir))
            }
        }
        if let text = flags.brokerListen, let address = hostPort(text, .flag(names.brokerListen), Self.brokerListen) {
            config.broker.listen = address
        }
        if let text = flags.dashboardListen,
            let address = hostPort(text, .flag(names.dashboardListen), Self.dashboardListen)
        {
            config.dashboard.listen = address
        }
        if let text = flags.bootstrap { setBootstrap(text, from: .flag(names.bootstrap)) }
    }

    private mutating func fail(_ location: ConfigError.Location, _ path: ConfigKeyPath, _ message: String) {
        errors.append(ConfigError(.invalidValue, at: location, keyPath: path.description, message))
    }

    private mutating func hostPort(_ text: String, _ location: ConfigError.Location, _ path: ConfigKeyPath) -> HostPort?
    {
        switch HostPort.parse(text) {
        case .success(let address):
            sourceMap.record(path, location)
            return address
        case .failure(let problem):
            fail(location, path, problem.message)
            return nil
        }
    }

    private mutating func setBootstrap(_ text: String, from location: ConfigError.Location) {
        switch HostPort.parseList(text) {
        case .success(let addresses):
            config.broker.bootstrap = addresses
            config.broker.mode = .remote
            sourceMap.record(Self.bootstrap, location)
            sourceMap.record(Self.mode, location)
        case .failure(let problem):
            fail(location, Self.bootstrap, problem.message)
        }
    }

    /// Seed 000 used one variable for the topic its producer, job and broker shared; it renames
    /// that topic wherever the first simulator and first pipeline use it.
    private mutating func renameFirstTopic(to topic: String) {
        let location = ConfigError.Location.environment("KAFKA_TOPIC")
        let old = config.simulators.first?.topic ?? config.pipelines.first?.source.topic
        if !config.simulators.isEmpty {
            config.simulators[0].topic = topic
            sourceMap.record(ConfigKeyPath("simulators[0].topic"), location)
        }
        if let first = config.pipelines.first, let sourceTopic = first.source.topic {
            config.pipelines[0].source.input = .topic(topic)
            sourceMap.record(ConfigKeyPath("pipelines[0].source.topic"), location)
            if first.deadLetter.topic == "\(sourceTopic).dlq" {
                config.pipelines[0].deadLetter.topic = "\(topic).dlq"
                sourceMap.record(ConfigKeyPath("pipelines[0].dead_letter.topic"), location)
            }
        }
        if let old, let i = config.topics.firstIndex(where: { $0.name == old }) {
            config.topics[i].name = topic
            sourceMap.record(ConfigKeyPath("topics[\(i)].name"), location)
        }
    }
}
