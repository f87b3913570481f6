#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// Seed 003's SmartTech building sensors on `iot_smartech`, key = `sensor_id`:
/// `{"sensor_id":"st-par-001","building":"SmartTech-Paris","room":"F1-OpenSpace","ts":1730638574123,"temperature":21.84,"humidity":43.1,"co2":612.4}`
///
/// Sensors are spread over three buildings (UTC+1) and their rooms. Occupancy follows office
/// hours on weekdays (arrivals 7:30–9:30, a lunch dip, departures 17:00–19:30, nearly empty
/// at night and on weekends; meeting rooms are booked hour by hour). CO2 relaxes toward
/// outdoor air (~420 ppm) plus what the occupants breathe out, with the ventilation's time
/// constant, so it climbs through the morning and falls in the evening. Heating runs to a
/// daytime set point with a night set-back; people warm a room and add humidity.
/// Building names are mixed case and room names carry floor prefixes as real exports do;
/// the smarttech preset's silver table normalises them (`upper(building)`, `lower(room)`).
public struct BuildingGenerator: EventGenerator {
    enum RoomKind: Sendable {
        case openSpace, meetingRoom, office, lobby, serverRoom

        /// CO2 the room settles at above outdoor air when fully occupied, in ppm.
        var co2AtFullOccupancy: Double {
            switch self {
            case .openSpace: 750
            case .meetingRoom: 1150
            case .office: 550
            case .lobby: 250
            case .serverRoom: 20
            }
        }
    }

    struct Room: Sendable {
        var name: String
        var kind: RoomKind
    }

    static let buildings: [(name: String, code: String)] = [
        ("SmartTech-Paris", "par"), ("SmartTech-Lyon", "lyo"), ("SmartTech-Lille", "lil"),
    ]
    static let rooms: [Room] = [
        Room(name: "F1-OpenSpace", kind: .openSpace), Room(name: "F1-Meeting-A", kind: .meetingRoom),
        Room(name: "F2-Office-201", kind: .office), Room(name: "F0-Lobby", kind: .lobby),
        Room(name: "F2-OpenSpace", kind: .openSpace), Room(name: "F3-Meeting-B", kind: .meetingRoom),
        Room(name: "B1-ServerRoom", kind: .serverRoom), Room(name: "F3-Office-305", kind: .office),
    ]
    public static var buildingNames: [String] { buildings.map(\.name) }
    public static let defaultTopic = "iot_smartech"
    static let outdoorCO2 = 420.0
    static let utcOffsetHours = 1.0

    public let topic: String
    public var devices: Int { sensors.count }
    public var topics: [String] { [topic] }
    private var sensors: [BuildingSensorState]

    public init(seed: UInt64, devices: Int = 12, topic: String = BuildingGenerator.defaultTopic) throws(SimulationError) {
        let count = try Self.checkedDevices(devices)
        self.topic = topic
        sensors = (0..<count).map { index in
            // Buildings take turns so every building gets sensors; rooms fill up in order.
            let building = index % Self.buildings.count
            let ordinal = index / Self.buildings.count
            return BuildingSensorState(
                building: building, room: Self.rooms[ordinal % Self.rooms.count], ordinal: ordinal,
                random: SimulationRandom(seed: seed, stream: 0x4000_0000 + UInt64(index)))
        }
    }

    public mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent {
        let index = device.wrapped(into: sensors.count)
        let reading = sensors[index].read(at: time)
        var json = JSONWriter(capacity: 176)
        json.field("sensor_id", encoded: sensors[index].encodedID)
        json.field("building", encoded: sensors[index].encodedBuilding)
        json.field("room", encoded: sensors[index].encodedRoom)
        json.field("ts", time.milliseconds)
        json.field("temperature", reading.temperature, decimals: 2)
        json.field("humidity", reading.humidity, decimals: 1)
        json.field("co2", reading.co2, decimals: 1)
        return SimulatedEvent(topic: topic, key: sensors[index].keyBytes, value: json.finish(), eventTime: time)
    }

    /// Share of a room's people present at a local time, 0…1 (before room-specific booking).
    static func officeOccupancy(_ local: LocalTime) -> Double {
        guard !local.isWeekend else { return 0.03 }
        let h = local.hourOfDay
        func ramp(_ from: Double, _ to: Double) -> Double { min(max((h - from) / (to - from), 0), 1) }
        let present = 0.85 * ramp(7.5, 9.5) * (1 - ramp(17.0, 19.5))
        let lunch = (h >= 12 && h < 13.5) ? 0.35 : 0
        return max(present - lunch, 0.01)
    }
}

/// One sensor's place and its room's evolving climate; owned by `BuildingGenerator`.
struct BuildingSensorState: Sendable {
    struct Reading {
        var temperature: Double
        var humidity: Double
        var co2: Double
    }

    let encodedID: [UInt8]
    let keyBytes: [UInt8]
    let encodedBuilding: [UInt8]
    let encodedRoom: [UInt8]
    let kind: BuildingGenerator.RoomKind
    let sensorSeed: UInt64
    var random: SimulationRandom
    var co2: Double?
    var temperature: Double
    var drift = MeanRevertingNoise(deviation: 0.25, timeConstant: 1800)
    var humidityDrift = MeanRevertingNoise(deviation: 2.5, timeConstant: 3600)
    var lastMilliseconds: Int64?

    init(building: Int, room: BuildingGenerator.Room, ordinal: Int, random: SimulationRandom) {
        let (name, code) = BuildingGenerator.buildings[building]
        let id = "st-\(code)-" + JSONWriter.decimal(UInt64(ordinal + 1), digits: 3)
        encodedID = JSONWriter.encodedString(id)
        keyBytes = Array(id.utf8)
        encodedBuilding = JSONWriter.encodedString(name)
        encodedRoom = JSONWriter.encodedString(room.name)
        kind = room.kind
        var random = random
        sensorSeed = random.next()
        temperature = random.uniform(19, 22)
        self.random = random
    }

    /// Meeting rooms are either booked (nearly full) or empty for a whole hour.
    func occupancy(at time: Timestamp, local: LocalTime) -> Double {
        let base = BuildingGenerator.officeOccupancy(local)
        switch kind {
        case .serverRoom: return 0
        case .lobby: return base * 0.5
        case .meetingRoom:
            var booking = SimulationRandom(seed: sensorSeed, stream: UInt64(max(0, time.milliseconds / 3_600_000)))
            return booking.chance(0.6) ? min(base * 1.15, 1) : 0.02
        case .openSpace, .office: return base
        }
    }

    mutating func read(at time: Timestamp) -> Reading {
        let ms = time.milliseconds
        let seconds = lastMilliseconds.map { Double(max(0, min(ms - $0, 86_400_000))) / 1000 } ?? 0
        if lastMilliseconds.map({ ms > $0 }) ?? true { lastMilliseconds = ms }
        let local = LocalTime(time, utcOffsetHours: BuildingGenerator.utcOffsetHours)
        let occupied = occupancy(at: time, local: local)

        let co2Target = BuildingGenerator.outdoorCO2 + kind.co2AtFullOccupancy * occupied
        let ventilation = 1 - exp(-seconds / (25 * 60))
        let currentCO2 = co2.map { $0 + (co2Target - $0) * ventilation } ?? co2Target
        co2 = currentCO2

        let heatingOn = !local.isWeekend && local.hourOfDay >= 6.5 && local.hourOfDay < 19
        let setPoint = kind == .serverRoom ? 25.5 : (heatingOn ? 21.5 : 18.0) + 1.5 * occupied
        temperature += (setPoint - temperature) * (1 - exp(-seconds / 3600))
        let shownTemperature = temperature + drift.advance(seconds: seconds, random: &random) + random.normal() * 0.05
        let humidity = 41 + 7 * occupied - 1.2 * (shownTemperature - 21)
            + humidityDrift.advance(seconds: seconds, random: &random)
        return Reading(
            temperature: shownTemperature,
            humidity: min(max(humidity, 10), 90),
            co2: max(currentCO2 + random.normal() * 8, 380)
        )
    }
}
