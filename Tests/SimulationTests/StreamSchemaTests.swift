import RivuletCore
import Testing
@testable import Simulation

/// Every stream's events against the JSON Schemas in `tests/interop/schemas/`, plus determinism.
@Suite struct StreamSchemaTests {
    static let schemaForTopic = [
        "iot-metrics": "iot", "iot": "platform-iot", "clickstream": "clickstream", "iot_smartech": "building",
        "vehicle_data": "vehicle", "gps_data": "gps", "traffic_data": "traffic", "weather_data": "weather",
        "emergency_data": "emergency",
    ]

    @Test(arguments: SimulatedStream.allCases)
    func everyEventMatchesItsSchema(stream: SimulatedStream) throws {
        var generator = try stream.makeGenerator(seed: 31, devices: stream == .vehicle ? 3 : 10)
        let count = stream == .vehicle ? 24_000 : 10_000
        var validators: [String: JSONSchemaValidator] = [:]
        var seenTopics = Set<String>()
        for index in 0..<count {
            let time = Timestamp(milliseconds: mondayMidnightUTC.milliseconds + Int64(index) * 700)
            let event = generator.nextEvent(device: index % generator.devices, at: time)
            let name = try #require(Self.schemaForTopic[event.topic], "unexpected topic \(event.topic)")
            if validators[name] == nil { validators[name] = try JSONSchemaValidator.load(name) }
            let problems = validators[name]?.violations(of: try parsed(event)) ?? []
            #expect(problems.isEmpty, "\(event.valueText): \(problems)")
            #expect(event.key?.isEmpty == false)
            seenTopics.insert(event.topic)
        }
        #expect(seenTopics == Set(generator.topics))
    }

    @Test(arguments: SimulatedStream.allCases)
    func sameSeedSameBytesDifferentSeedDifferentBytes(stream: SimulatedStream) throws {
        func run(_ seed: UInt64) throws -> [SimulatedEvent] {
            var generator = try stream.makeGenerator(seed: seed, devices: 4)
            return (0..<3_000).map { index in
                generator.nextEvent(device: index % 4, at: Timestamp(milliseconds: 1_730_638_574_123 + Int64(index) * 250))
            }
        }
        let a = try run(1)
        #expect(a == (try run(1)))
        #expect(a.map(\.value) != (try run(2)).map(\.value))
    }

    @Test func outOfRangeDevicesAndBackwardTimesDoNotTrap() throws {
        for stream in SimulatedStream.allCases {
            var generator = try stream.makeGenerator(seed: 1, devices: 2)
            _ = generator.nextEvent(device: -7, at: Timestamp(milliseconds: 1_730_638_574_123))
            _ = generator.nextEvent(device: 99, at: Timestamp(milliseconds: 1_730_638_000_000))
            _ = generator.nextEvent(device: 1, at: Timestamp(milliseconds: 0))
        }
        #expect(throws: SimulationError.self) { try SimulatedStream.iot.makeGenerator(seed: 1, devices: 0) }
    }
}
