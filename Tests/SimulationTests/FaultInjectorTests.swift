import RivuletCore
import Testing
@testable import Simulation

@Suite struct FaultInjectorTests {
    static let configuration = FaultConfiguration(
        lateRatio: 0.05, lateMax: .seconds(90), outOfOrderRatio: 0.05, duplicateRatio: 0.05, malformedRatio: 0.05)

    static func run(seed: UInt64, count: Int) throws -> [SimulatedEvent] {
        var injector = try FaultInjector(
            base: try IoTGenerator(seed: seed, devices: 8), configuration: configuration, seed: seed)
        var events = generate(&injector, count: count, stepMilliseconds: 31)
        events += injector.drain()
        return events
    }

    @Test func ratiosWithinToleranceOver100kEvents() throws {
        let events = try Self.run(seed: 77, count: 100_000)
        var counts: [String: Int] = [:]
        for event in events { counts[event.fault.map { "\($0)" } ?? "clean", default: 0] += 1 }
        let generated = Double(events.count - (counts["duplicate"] ?? 0))
        func share(_ key: String) -> Double { Double(counts[key] ?? 0) / generated }
        let malformed = MalformedKind.allCases.map { share("malformed-\($0)") }
        for (name, value) in [("late", share("late")), ("ooo", share("out-of-order")), ("dup", share("duplicate")),
            ("malformed", malformed.reduce(0, +))]
        {
            #expect(abs(value - 0.05) < 0.004, "\(name) \(value)")
        }
        // Each malformed kind is chosen uniformly.
        #expect(malformed.allSatisfy { abs($0 - 0.0125) < 0.002 }, "\(malformed)")
    }

    @Test func eachFaultDoesWhatItSays() throws {
        let events = try Self.run(seed: 5, count: 20_000)
        let schema = try JSONSchemaValidator.load("iot")
        var newest = Int64.min
        var outOfOrder = 0, olderThanNewest = 0, olderThanDevice = 0
        for (index, event) in events.enumerated() {
            switch event.fault {
            case nil:
                #expect(schema.violations(of: try parsed(event)).isEmpty)
            case .late:
                #expect(event.eventTime.milliseconds < newest)
                #expect(event.eventTime.milliseconds >= newest - 90_000 - 31)
                #expect(try parsed(event).double("ts") == Double(event.eventTime.milliseconds))
            case .outOfOrder:
                // Sent after 1…8 later events of its device (8 devices in turn, 31 ms apart). Those
                // may share its time (one call pulls again while everything is held) or be late
                // themselves, so bound loosely here and require below that most are strictly older.
                #expect(abs(newest - event.eventTime.milliseconds) <= 31 * 8 * 10)
                let sameDevice = events[..<index].last { $0.key == event.key && $0.fault != .duplicate }
                if let sameDevice, sameDevice.eventTime.milliseconds > event.eventTime.milliseconds { olderThanDevice += 1 }
                if event.eventTime.milliseconds < newest { olderThanNewest += 1 }
                outOfOrder += 1
            case .duplicate:
                #expect(index > 0 && events[index - 1].value == event.value && events[index - 1].key == event.key)
            case .malformed(let kind):
                switch kind {
                case .brokenJSON:
                    #expect(throws: (any Error).self) { try TestJSON.parse(event.value) }
                case .wrongType, .missingField:
                    #expect(!schema.violations(of: try parsed(event)).isEmpty)
                case .oversizedValue:
                    #expect(event.value.count > 65_536)
                    #expect(!schema.violations(of: try parsed(event)).isEmpty)
                }
            }
            newest = max(newest, event.eventTime.milliseconds)
        }
        #expect(Double(olderThanNewest) > 0.8 * Double(outOfOrder))
        #expect(Double(olderThanDevice) > 0.8 * Double(outOfOrder), "\(olderThanDevice) of \(outOfOrder)")
    }

    @Test func deterministicForTheSeed() throws {
        let a = try Self.run(seed: 9, count: 5_000), b = try Self.run(seed: 9, count: 5_000)
        #expect(a == b)
        #expect(a != (try Self.run(seed: 10, count: 5_000)))
    }

    @Test func nothingIsLostAndRatiosAreValidated() throws {
        var configuration = FaultConfiguration(outOfOrderRatio: 1)
        configuration.outOfOrderWindow = 3
        // Clickstream events carry a unique event_id, so each generated event is recognisable.
        var injector = try FaultInjector(
            base: try ClickstreamGenerator(seed: 1, devices: 2), configuration: configuration, seed: 1)
        var events = generate(&injector, count: 100)
        #expect(injector.heldCount > 0)
        events += injector.drain()
        #expect(injector.heldCount == 0)
        let generated = Set(events.map(\.value))
        #expect(generated.count >= 100)  // every generated event comes out exactly once
        #expect(events.count == generated.count)

        #expect(throws: SimulationError.self) {
            try FaultInjector(base: try IoTGenerator(seed: 1), configuration: FaultConfiguration(lateRatio: 0.7, malformedRatio: 0.7), seed: 1)
        }
        #expect(throws: SimulationError.self) {
            try FaultInjector(base: try IoTGenerator(seed: 1), configuration: FaultConfiguration(duplicateRatio: -0.1), seed: 1)
        }
    }

    @Test func malformerKeepsOtherFieldsIntact() throws {
        let clean = Array(#"{"a":"x,\"}y","b":12.5,"c":true}"#.utf8)
        let spans = EventMalformer.fieldSpans(clean)
        #expect(spans.count == 3 && spans[0].valueIsString && !spans[1].valueIsString)
        var random = SimulationRandom(seed: 1)
        for _ in 0..<50 {
            let missing = try TestJSON.parse(EventMalformer.malform(clean, as: .missingField, oversizedBytes: 1024, random: &random))
            #expect(missing.fields?.count == 2)
            let wrong = try TestJSON.parse(EventMalformer.malform(clean, as: .wrongType, oversizedBytes: 1024, random: &random))
            let original = try TestJSON.parse(clean)
            #expect(wrong.fields?.count == 3)
            #expect(wrong != original)
        }
    }
}
