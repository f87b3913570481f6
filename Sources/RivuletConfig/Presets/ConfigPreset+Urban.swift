/// Seed 004: one simulated journey (Antipolo → Baguio) emitting five streams, each kept as
/// its own table, with the seed's 2-minute watermark. Camera snapshots are written as blobs
/// under the lake and referenced by URL from `traffic_data`.
extension ConfigPreset {
    static let urbanStreams: [SchemaName] = [.vehicle, .gps, .traffic, .weather, .emergency]

    static var urbanConfiguration: RivuletConfiguration {
        var journey = SimulatorConfiguration(kind: .vehicle, topic: "{stream}_data", devices: 1, rate: 1.0, jitter: 0.3)
        journey.lateRatio = 0.01
        journey.lateMax = .seconds(90)
        return RivuletConfiguration(
            topics: urbanStreams.map { TopicConfiguration(name: "\($0.rawValue)_data", partitions: 3) },
            simulators: [journey],
            pipelines: urbanStreams.map(urbanPipeline)
        )
    }

    private static func urbanPipeline(_ stream: SchemaName) -> PipelineConfiguration {
        let name = "\(stream.rawValue)_data"
        var pipeline = PipelineConfiguration(
            name: name.replacing("_", with: "-"),
            source: SourceConfiguration(topic: name, schema: .named(stream)),
            eventTime: EventTimeConfiguration(field: "timestamp", unit: .iso8601, watermarkDelay: .seconds(120)),
            sinks: [.delta(table: name, partitionBy: [])]
        )
        pipeline.checkpointInterval = .seconds(10)
        return pipeline
    }
}
