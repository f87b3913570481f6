/// When each device's next event is due: seed 000's pacing (`--rate 4.0 --jitter 0.3` per
/// device) or `--rate max`.
///
/// Pure: it hands out `ScheduledSlot`s in due order and never reads a clock. The producer
/// sleeps until `start + slot.due` on its own injected clock, then asks the generator for the
/// slot's event. Each device keeps its own cadence: the gap after an event is
/// `1/rate × (1 + jitter × u)` with `u` uniform in [-1, 1), so `jitter` is the largest relative
/// deviation and the mean rate stays `rate`. Devices start spread over the first gap so they
/// do not all fire at once.
public struct EventSchedule: Sendable {
    public enum Rate: Hashable, Sendable, CustomStringConvertible {
        /// Events per second per device.
        case perSecond(Double)
        /// As fast as the caller can send: every slot is due at once, devices in turn.
        case unlimited

        /// Parses a `--rate` value: a positive number or `max`.
        public init?(argument: String) {
            if argument == "max" {
                self = .unlimited
            } else if let value = Double(argument), value > 0, value.isFinite {
                self = .perSecond(value)
            } else {
                return nil
            }
        }

        public var description: String {
            switch self {
            case .perSecond(let value): "\(value)"
            case .unlimited: "max"
            }
        }
    }

    public let rate: Rate
    public let devices: Int
    public let jitter: Double
    private var random: SimulationRandom
    private var gapNanoseconds: Double
    /// Min-heap of (due, device); ties go to the lower device so the order is total.
    private var heap: [ScheduledSlot] = []
    private var nextRoundRobin = 0

    public init(rate: Rate, devices: Int, jitter: Double, seed: UInt64) throws(SimulationError) {
        guard devices >= 1 else {
            throw SimulationError(.invalidParameter, "devices must be at least 1, got \(devices)")
        }
        guard jitter >= 0, jitter <= 1 else {
            throw SimulationError(.invalidParameter, "jitter is a fraction of the gap between 0 and 1, got \(jitter)")
        }
        if case .perSecond(let value) = rate, !(value > 0 && value.isFinite && value <= 1e9) {
            throw SimulationError(.invalidParameter, "rate must be a positive number of events per second or max")
        }
        self.rate = rate
        self.devices = devices
        self.jitter = jitter
        self.random = SimulationRandom(seed: seed, stream: 0x5C4E_D01E)
        if case .perSecond(let value) = rate {
            gapNanoseconds = 1e9 / value
            heap.reserveCapacity(devices)
            for device in 0..<devices {
                let first = Int64(random.unit() * gapNanoseconds)
                push(ScheduledSlot(device: device, dueNanoseconds: first))
            }
        } else {
            gapNanoseconds = 0
        }
    }

    /// Events per second over all devices, or nil for `max`.
    public var totalRate: Double? {
        if case .perSecond(let value) = rate { return value * Double(devices) }
        return nil
    }

    /// The next slot in due order; `due` never decreases between calls.
    public mutating func next() -> ScheduledSlot {
        guard case .perSecond = rate, !heap.isEmpty else {
            let device = nextRoundRobin
            nextRoundRobin = nextRoundRobin + 1 == devices ? 0 : nextRoundRobin + 1
            return ScheduledSlot(device: device, dueNanoseconds: 0)
        }
        let slot = heap[0]
        let factor = 1 + jitter * (2 * random.unit() - 1)
        let gap = max(1, Int64((gapNanoseconds * factor).rounded()))
        replaceTop(ScheduledSlot(device: slot.device, dueNanoseconds: slot.dueNanoseconds + gap))
        return slot
    }

    private mutating func push(_ slot: ScheduledSlot) {
        heap.append(slot)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func replaceTop(_ slot: ScheduledSlot) {
        heap[0] = slot
        var parent = 0
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var best = left
            if left + 1 < count, heap[left + 1].precedes(heap[left]) { best = left + 1 }
            guard heap[best].precedes(heap[parent]) else { return }
            heap.swapAt(best, parent)
            parent = best
        }
    }
}

/// One event to produce: which device, and when relative to the schedule's start.
public struct ScheduledSlot: Hashable, Sendable {
    public var device: Int
    public var dueNanoseconds: Int64

    public init(device: Int, dueNanoseconds: Int64) {
        self.device = device
        self.dueNanoseconds = dueNanoseconds
    }

    /// Offset from the start of the run at which the event should be sent.
    public var due: Duration { .nanoseconds(dueNanoseconds) }

    func precedes(_ other: ScheduledSlot) -> Bool {
        dueNanoseconds != other.dueNanoseconds ? dueNanoseconds < other.dueNanoseconds : device < other.device
    }
}
