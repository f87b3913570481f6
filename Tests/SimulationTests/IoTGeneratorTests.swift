import RivuletCore
import Testing
@testable import Simulation

@Suite struct IoTGeneratorTests {
    @Test func seed000ShapeAndKey() throws {
        var generator = try IoTGenerator(seed: 42, devices: 8)
        let pattern = #/\{"device_id":"device-[0-9a-f]{8}","ts":[0-9]{13},"temperature":-?[0-9]+\.[0-9],"humidity":[0-9]+\.[0-9],"battery":[0-9]+\.[0-9],"status":"(ok|warn|error)","location":"(floor-1|floor-2|lab|office)"\}/#
        for event in generate(&generator, count: 2_000) {
            #expect(event.valueText.wholeMatch(of: pattern) != nil, "\(event.valueText)")
            let json = try parsed(event)
            #expect(event.key == Array(json.string("device_id").utf8))
            #expect(event.topic == "iot-metrics")
            #expect(json["ts"]?.doubleValue == Double(event.eventTime.milliseconds))
        }
        #expect(Set(generator.deviceIDs).count == 8)
    }

    @Test func locationIsFixedPerDevice() throws {
        var generator = try IoTGenerator(seed: 5, devices: 16)
        var seen: [String: Set<String>] = [:]
        for event in generate(&generator, count: 4_000) {
            let json = try parsed(event)
            seen[json.string("device_id"), default: []].insert(json.string("location"))
        }
        #expect(seen.count == 16)
        #expect(seen.values.allSatisfy { $0.count == 1 })
        #expect(Set(seen.values.flatMap { $0 }).count >= 3)
    }

    /// Ten simulated days of one device, one reading a minute.
    func oneDeviceHistory(seed: UInt64) throws -> [TestJSON] {
        var generator = try IoTGenerator(seed: seed, devices: 1)
        return try generate(&generator, count: 14_400, stepMilliseconds: 60_000).map(parsed)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func batteryDrainsAndIsRechargedOnlyWhenLow(seed: UInt64) throws {
        let history = try oneDeviceHistory(seed: seed)
        var recharges = 0
        for (before, after) in zip(history, history.dropFirst()) {
            let a = before.double("battery"), b = after.double("battery")
            if b > a {
                recharges += 1
                #expect(a < 20 && b >= 90, "a recharge from \(a) to \(b)")
            }
        }
        #expect(recharges >= 1)
    }

    @Test func statusFollowsThresholds() throws {
        var warn = 0, error = 0
        for seed: UInt64 in 1...4 {
            for reading in try oneDeviceHistory(seed: seed) {
                let status = reading.string("status")
                let battery = reading.double("battery"), temperature = reading.double("temperature")
                if !IoTGenerator.temperatureRange.contains(temperature) { #expect(status == "error") }
                if status == "error" { error += 1; continue }
                #expect((status == "warn") == (battery < 20), "battery \(battery) status \(status)")
                if status == "warn" { warn += 1 }
            }
        }
        #expect(warn > 0)
        #expect(error < 100)
    }

    @Test func temperatureFollowsTheDayAndHumidityMovesAgainstIt() throws {
        var afternoon: [TestJSON] = [], night: [TestJSON] = []
        for seed: UInt64 in 1...4 {
            for reading in try oneDeviceHistory(seed: seed) {
                let ms = Int64(reading.double("ts"))
                let hour = LocalTime(Timestamp(milliseconds: ms), utcOffsetHours: 7).hourOfDay
                if hour >= 14 && hour < 16 { afternoon.append(reading) }
                if hour >= 2 && hour < 4 { night.append(reading) }
            }
        }
        func average(_ readings: [TestJSON], _ key: String) -> Double {
            // Leave out glitch readings (status error), which are not part of the climate.
            mean(readings.filter { $0.string("status") != "error" }.map { $0.double(key) })
        }
        #expect(average(afternoon, "temperature") > average(night, "temperature") + 3)
        #expect(average(afternoon, "humidity") < average(night, "humidity") - 3)
    }
}
