import RivuletCore

/// When a run stops: after `count` events, or once `duration` has passed since the start.
public struct SimulationLimits: Hashable, Sendable {
    public var count: Int?
    public var duration: Duration?

    public init(count: Int? = nil, duration: Duration? = nil) {
        self.count = count
        self.duration = duration
    }

    public static let unlimited = SimulationLimits()

    /// Whether another event may be sent after `emitted` events, `elapsed` into the run.
    public func allows(emitted: Int, elapsed: Duration) -> Bool {
        if let count, emitted >= count { return false }
        if let duration, elapsed >= duration { return false }
        return true
    }
}

/// Everything one `rivulet produce` run needs, minus the I/O: a stream's generator wrapped in
/// fault injection, its pacing, and its limits. Pure and deterministic for `seed`.
///
/// ```swift
/// var simulator = try Simulator(stream: .iot, seed: 42, devices: 8, rate: .perSecond(4), jitter: 0.3,
///                               faults: FaultConfiguration(lateRatio: 0.01), limits: SimulationLimits(count: 1000))
/// let start = clock.now
/// while let slot = simulator.nextSlot(elapsed: start.duration(to: clock.now)) {
///     try await clock.sleep(until: start.advanced(by: slot.due))        // skipped for --rate max
///     let event = simulator.event(for: slot, at: wallClock.wallTime())
///     if let blob = event.blob { try blobWriter.write(blob) }          // before the event that names it
///     try await producer.send(topic: event.topic, key: event.key, value: event.value, timestamp: event.eventTime)
/// }
/// for event in simulator.drain() { … }                                   // held-back events
/// ```
public struct Simulator: Sendable {
    public private(set) var generator: FaultInjector<AnyEventGenerator>
    public private(set) var schedule: EventSchedule
    public let limits: SimulationLimits
    public private(set) var emitted = 0
    /// Events per fault, for progress lines and totals.
    public private(set) var faultCounts: [InjectedFault: Int] = [:]

    public init(
        stream: SimulatedStream, seed: UInt64, devices: Int, rate: EventSchedule.Rate, jitter: Double,
        topic: String? = nil, faults: FaultConfiguration = .none, limits: SimulationLimits = .unlimited
    ) throws(SimulationError) {
        let base = AnyEventGenerator(try stream.makeGenerator(seed: seed, devices: devices, topic: topic))
        generator = try FaultInjector(base: base, configuration: faults, seed: seed)
        schedule = try EventSchedule(rate: rate, devices: devices, jitter: jitter, seed: seed)
        self.limits = limits
    }

    public var topics: [String] { generator.topics }

    /// The next slot to fill, or nil when the limits are reached. `elapsed` is the time since
    /// the run started on the caller's clock (with `--rate max` slots are all due at once, so
    /// only the clock can end a `--duration` run).
    public mutating func nextSlot(elapsed: Duration) -> ScheduledSlot? {
        guard limits.allows(emitted: emitted, elapsed: elapsed) else { return nil }
        let slot = schedule.next()
        guard limits.allows(emitted: emitted, elapsed: slot.due) else { return nil }
        return slot
    }

    /// The event for `slot`, at the processing time the caller read from its wall clock.
    public mutating func event(for slot: ScheduledSlot, at time: Timestamp) -> SimulatedEvent {
        let event = generator.nextEvent(device: slot.device, at: time)
        emitted += 1
        if let fault = event.fault { faultCounts[fault, default: 0] += 1 }
        return event
    }

    /// Events still held back for reordering when the run stops; send them too.
    public mutating func drain() -> [SimulatedEvent] {
        generator.drain()
    }
}

/// Lets a generator chosen at run time (`SimulatedStream.makeGenerator`) be wrapped by the
/// generic `FaultInjector`; one existential call per event.
public struct AnyEventGenerator: EventGenerator {
    private var base: any EventGenerator

    public init(_ base: any EventGenerator) { self.base = base }

    public var devices: Int { base.devices }
    public var topics: [String] { base.topics }

    public mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent {
        base.nextEvent(device: device, at: time)
    }
}
