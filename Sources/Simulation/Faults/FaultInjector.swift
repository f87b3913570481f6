import RivuletCore

/// Wraps any generator and injects the faults of a `FaultConfiguration`, deterministically
/// for its seed. Each emitted event records the fault applied in `SimulatedEvent.fault`.
///
/// - late: the base generator is asked for the event at `time − d`, d uniform in
///   1 ms…`lateMax`, so the JSON's timestamp and `eventTime` agree and lie in the past.
/// - out of order: the event is held back and sent after 1…`outOfOrderWindow` later events of
///   the same device, so its event time is older than theirs within its key (and so within
///   its partition, which is what a consumer sees).
/// - duplicate: the clean event is followed immediately by a byte-identical copy.
/// - malformed: the value is broken (`EventMalformer`), kind chosen uniformly.
///
/// Held events are never lost: `drain()` returns those still held when a run stops.
public struct FaultInjector<Base: EventGenerator>: EventGenerator {
    public private(set) var base: Base
    public let configuration: FaultConfiguration
    private var random: SimulationRandom
    private var ready: [SimulatedEvent] = []
    private var readyHead = 0
    private var held: [(event: SimulatedEvent, device: Int, remaining: Int)] = []
    private let lateMaxMilliseconds: Int64

    public init(base: Base, configuration: FaultConfiguration, seed: UInt64) throws(SimulationError) {
        self.base = base
        self.configuration = try configuration.validated()
        random = SimulationRandom(seed: seed, stream: 0xFA17)
        lateMaxMilliseconds = max(1, configuration.lateMax.milliseconds)
    }

    public var devices: Int { base.devices }
    public var topics: [String] { base.topics }
    /// Events held back for reordering, sent later (or by `drain()`).
    public var heldCount: Int { held.count }

    public mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent {
        // Each pull generates one event for `device`; only held-back events leave the queue
        // empty, and this device's are released within `outOfOrderWindow` pulls, so the loop
        // ends after at most `outOfOrderWindow + 1` pulls.
        while readyHead == ready.count {
            pull(device: device, at: time)
        }
        let event = ready[readyHead]
        readyHead += 1
        if readyHead == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        return event
    }

    /// Events still held back for reordering, oldest first; call when the run stops.
    public mutating func drain() -> [SimulatedEvent] {
        let rest = Array(ready[readyHead...]) + held.map(\.event)
        ready.removeAll()
        readyHead = 0
        held.removeAll()
        return rest
    }

    private mutating func pull(device: Int, at time: Timestamp) {
        let c = configuration
        let u = random.unit()
        var released: [SimulatedEvent] = []
        if !held.isEmpty {
            for index in held.indices where held[index].device == device { held[index].remaining -= 1 }
            released = held.filter { $0.remaining <= 0 }.map(\.event)
            held.removeAll { $0.remaining <= 0 }
        }
        if u < c.lateRatio {
            let delta = 1 + Int64(random.int(below: Int(lateMaxMilliseconds)))
            var event = base.nextEvent(device: device, at: Timestamp(milliseconds: time.milliseconds - delta))
            event.fault = .late
            ready.append(event)
        } else {
            var event = base.nextEvent(device: device, at: time)
            let threshold = c.lateRatio + c.outOfOrderRatio
            if u < threshold {
                event.fault = .outOfOrder
                held.append((event, device, 1 + random.int(below: c.outOfOrderWindow)))
            } else if u < threshold + c.duplicateRatio {
                ready.append(event)
                event.fault = .duplicate
                event.blob = nil  // the original already carries the blob
                ready.append(event)
            } else if u < threshold + c.duplicateRatio + c.malformedRatio {
                let kind = MalformedKind.allCases[random.int(below: MalformedKind.allCases.count)]
                event.value = EventMalformer.malform(
                    event.value, as: kind, oversizedBytes: c.oversizedBytes, random: &random)
                event.fault = .malformed(kind)
                ready.append(event)
            } else {
                ready.append(event)
            }
        }
        ready.append(contentsOf: released)
    }
}
