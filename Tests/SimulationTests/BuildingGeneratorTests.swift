import RivuletCore
import Testing
@testable import Simulation

@Suite struct BuildingGeneratorTests {
    /// A week of readings every 5 minutes from 24 sensors, starting Monday 00:00 UTC.
    func week() throws -> [TestJSON] {
        var generator = try BuildingGenerator(seed: 4, devices: 24)
        return try generate(&generator, count: 24 * 12 * 24 * 7, stepMilliseconds: 12_500).map(parsed)
    }

    @Test func co2IsHigherInOfficeHoursThanAtNight() throws {
        var day: [Double] = [], night: [Double] = [], weekend: [Double] = []
        for reading in try week() where !reading.string("room").contains("Server") {
            let local = LocalTime(Timestamp(milliseconds: Int64(reading.double("ts"))), utcOffsetHours: 1)
            let co2 = reading.double("co2")
            if local.isWeekend {
                weekend.append(co2)
            } else if local.hourOfDay >= 10 && local.hourOfDay < 12 || local.hourOfDay >= 14 && local.hourOfDay < 17 {
                day.append(co2)
            } else if local.hourOfDay >= 1 && local.hourOfDay < 5 {
                night.append(co2)
            }
        }
        #expect(mean(day) > mean(night) + 250, "day \(mean(day)) night \(mean(night))")
        #expect(mean(night) < 470)
        #expect(mean(weekend) < mean(day) - 200)
        #expect((day.max() ?? 0) > 1000)  // meeting rooms get stuffy
    }

    @Test func sensorsSpreadOverBuildingsAndRoomsWithTheSeedFields() throws {
        var generator = try BuildingGenerator(seed: 4, devices: 12)
        var buildings = Set<String>(), rooms = Set<String>()
        for event in generate(&generator, count: 1_200) {
            let json = try parsed(event)
            #expect(json.fields?.map(\.0) == ["sensor_id", "building", "room", "ts", "temperature", "humidity", "co2"])
            #expect(event.key == Array(json.string("sensor_id").utf8))
            #expect(event.topic == "iot_smartech")
            buildings.insert(json.string("building"))
            rooms.insert(json.string("room"))
            #expect((15.0...30.0).contains(json.double("temperature")))
        }
        #expect(buildings.count == 3)
        #expect(rooms.count == 4)
    }
}
