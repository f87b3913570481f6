import RivuletConfig
import Simulation

extension Simulator {
    /// A simulator from one `simulators:` entry of rivulet.yml. Without a seed, runs differ;
    /// with one, the same config produces the same bytes.
    public init(_ config: SimulatorConfiguration, defaultSeed: UInt64) throws {
        guard let stream = SimulatedStream(rawValue: config.kind.rawValue) else {
            throw SimulationError(.invalidParameter, "simulator kind `\(config.kind.rawValue)` has no generator")
        }
        let faults = FaultConfiguration(
            lateRatio: config.lateRatio, lateMax: config.lateMax, outOfOrderRatio: config.outOfOrder,
            duplicateRatio: config.duplicateRatio, malformedRatio: config.malformedRatio)
        try self.init(
            stream: stream, seed: config.seed ?? defaultSeed, devices: config.devices, rate: .perSecond(config.rate),
            jitter: config.jitter, topic: config.topic, faults: faults,
            limits: SimulationLimits(count: config.count, duration: config.duration))
    }
}
