#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// Seed 002's site telemetry on topic `iot`, key = `device_id`:
/// `{"device_id":"sensor-0007","site":"plant-a","temp_c":28.4,"humidity":61.2,"battery":77.3,"signal_strength":-67,"ts":1730638574123}`
///
/// Devices are spread over a few sites with their own climate (a hot plant floor, a cold
/// store), follow a day cycle, drain their battery and get it swapped when nearly empty.
/// `signal_strength` is RSSI in dBm (an integer, −30 strong … −120 lost) around a per-device
/// level set by its distance to the gateway.
public struct PlatformIoTGenerator: EventGenerator {
    struct Site: Sendable {
        var name: String
        var baseTemperature: Double
        var dayAmplitude: Double
        var baseHumidity: Double
    }

    static let sites: [Site] = [
        Site(name: "hq", baseTemperature: 22.5, dayAmplitude: 1.0, baseHumidity: 45),
        Site(name: "plant-a", baseTemperature: 28.0, dayAmplitude: 3.0, baseHumidity: 62),
        Site(name: "plant-b", baseTemperature: 26.5, dayAmplitude: 3.0, baseHumidity: 58),
        Site(name: "warehouse-north", baseTemperature: 18.0, dayAmplitude: 4.0, baseHumidity: 50),
        Site(name: "cold-store", baseTemperature: 3.5, dayAmplitude: 0.5, baseHumidity: 85),
    ]
    public static var siteNames: [String] { sites.map(\.name) }
    public static let defaultTopic = "iot"

    public let topic: String
    public var devices: Int { states.count }
    public var topics: [String] { [topic] }
    private var states: [PlatformDeviceState]

    public init(seed: UInt64, devices: Int = 20, topic: String = PlatformIoTGenerator.defaultTopic) throws(SimulationError) {
        let count = try Self.checkedDevices(devices)
        self.topic = topic
        states = (0..<count).map { index in
            PlatformDeviceState(index: index, random: SimulationRandom(seed: seed, stream: 0x2000_0000 + UInt64(index)))
        }
    }

    public mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent {
        let index = device.wrapped(into: states.count)
        let reading = states[index].read(at: time)
        var json = JSONWriter(capacity: 160)
        json.field("device_id", encoded: states[index].encodedID)
        json.field("site", encoded: states[index].encodedSite)
        json.field("temp_c", reading.temperature, decimals: 1)
        json.field("humidity", reading.humidity, decimals: 1)
        json.field("battery", reading.battery, decimals: 1)
        json.field("signal_strength", Int64(reading.signal))
        json.field("ts", time.milliseconds)
        return SimulatedEvent(topic: topic, key: states[index].keyBytes, value: json.finish(), eventTime: time)
    }
}

struct PlatformDeviceState: Sendable {
    let encodedID: [UInt8]
    let keyBytes: [UInt8]
    let site: PlatformIoTGenerator.Site
    let encodedSite: [UInt8]
    let signalLevel: Double
    let drainPerHour: Double
    var random: SimulationRandom
    var temperatureDrift = MeanRevertingNoise(deviation: 0.6, timeConstant: 1200)
    var signalDrift = MeanRevertingNoise(deviation: 4, timeConstant: 120)
    var battery: Double
    var lastMilliseconds: Int64?

    init(index: Int, random: SimulationRandom) {
        var random = random
        let id = "sensor-" + JSONWriter.decimal(UInt64(index + 1), digits: 4)
        encodedID = JSONWriter.encodedString(id)
        keyBytes = Array(id.utf8)
        let sites = PlatformIoTGenerator.sites
        site = sites[random.int(below: sites.count)]
        encodedSite = JSONWriter.encodedString(site.name)
        signalLevel = random.uniform(-88, -48)
        drainPerHour = random.uniform(1.0, 3.0)
        battery = random.uniform(20, 100)
        self.random = random
    }

    struct Reading {
        var temperature: Double
        var humidity: Double
        var battery: Double
        var signal: Int
    }

    mutating func read(at time: Timestamp) -> Reading {
        let ms = time.milliseconds
        let seconds = lastMilliseconds.map { Double(max(0, min(ms - $0, 86_400_000))) / 1000 } ?? 0
        if lastMilliseconds.map({ ms > $0 }) ?? true { lastMilliseconds = ms }
        battery -= drainPerHour * seconds / 3600
        if battery < 5 { battery = random.uniform(95, 100) }
        let hour = LocalTime(time, utcOffsetHours: 7).hourOfDay
        let cycle = site.dayAmplitude * sin(2 * Double.pi * (hour - 9) / 24)
        let temperature = site.baseTemperature + cycle + temperatureDrift.advance(seconds: seconds, random: &random)
            + random.normal() * 0.15
        let humidity = site.baseHumidity - 1.5 * (temperature - site.baseTemperature) + random.normal() * 1.0
        let signal = signalLevel + signalDrift.advance(seconds: seconds, random: &random) + random.normal() * 1.5
        return Reading(
            temperature: temperature,
            humidity: min(max(humidity, 5), 99),
            battery: min(max(battery, 0), 100),
            signal: Int(min(max(signal, -120), -30).rounded())
        )
    }
}
