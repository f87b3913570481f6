import RivuletCore

/// The whole of `rivulet.yml`, after defaults, environment and flags have been applied.
///
/// Build one with `ConfigLoader.load`, which also validates it; a value built in code can be
/// checked with `ConfigValidation.validate`.
public struct RivuletConfiguration: Hashable, Sendable {
    /// Broker segments, checkpoints, the lake and snapshots live under this directory.
    public var dataDir: String
    public var broker: BrokerConfiguration
    /// Topics created at start-up in embedded mode (others appear on first use if allowed).
    public var topics: [TopicConfiguration]
    public var simulators: [SimulatorConfiguration]
    public var pipelines: [PipelineConfiguration]
    public var lake: LakeConfiguration
    public var dashboard: DashboardConfiguration

    public init(
        dataDir: String = "./data",
        broker: BrokerConfiguration = BrokerConfiguration(),
        topics: [TopicConfiguration] = [],
        simulators: [SimulatorConfiguration] = [],
        pipelines: [PipelineConfiguration] = [],
        lake: LakeConfiguration = LakeConfiguration(),
        dashboard: DashboardConfiguration = DashboardConfiguration()
    ) {
        self.dataDir = dataDir
        self.broker = broker
        self.topics = topics
        self.simulators = simulators
        self.pipelines = pipelines
        self.lake = lake
        self.dashboard = dashboard
    }

    /// What runs when there is no file: seed 000's IoT pipeline.
    public static var `default`: RivuletConfiguration { ConfigPreset.default.configuration }

    public func pipeline(named name: String) -> PipelineConfiguration? {
        pipelines.first { $0.name == name }
    }
}
