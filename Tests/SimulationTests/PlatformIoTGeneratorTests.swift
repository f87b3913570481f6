import Testing
@testable import Simulation

@Suite struct PlatformIoTGeneratorTests {
    @Test func seed002FieldsInOrder() throws {
        var generator = try PlatformIoTGenerator(seed: 3, devices: 20)
        var sites = Set<String>()
        for event in generate(&generator, count: 2_000) {
            let json = try parsed(event)
            #expect(json.fields?.map(\.0) == ["device_id", "site", "temp_c", "humidity", "battery", "signal_strength", "ts"])
            #expect(json["signal_strength"]?.isInteger == true)
            #expect(event.key == Array(json.string("device_id").utf8))
            #expect(event.topic == "iot")
            sites.insert(json.string("site"))
        }
        #expect(sites.count >= 4)
    }

    @Test func coldStoreIsColderThanPlantFloor() throws {
        var generator = try PlatformIoTGenerator(seed: 11, devices: 40)
        var bySite: [String: [Double]] = [:]
        for event in generate(&generator, count: 8_000, stepMilliseconds: 5_000) {
            let json = try parsed(event)
            bySite[json.string("site"), default: []].append(json.double("temp_c"))
        }
        let cold = try #require(bySite["cold-store"]), plant = try #require(bySite["plant-a"])
        #expect(cold.reduce(0, +) / Double(cold.count) < 8)
        #expect(plant.reduce(0, +) / Double(plant.count) > 24)
    }
}
