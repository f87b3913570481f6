#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// Seed 000's lab devices on `iot-metrics`, key = `device_id`:
/// `{"device_id":"device-3fa2c1d0","ts":1730638574123,"temperature":24.7,"humidity":55.3,"battery":82.5,"status":"ok","location":"lab"}`
///
/// Each device sits in one location for its life. Temperature follows the location's base,
/// a per-device calibration offset, a day cycle peaking mid-afternoon (lab clock UTC+7, as the
/// seed's team) and slow mean-reverting drift; humidity moves against it. Batteries drain with
/// time and are swapped for a charged one when nearly empty. Status is computed from the
/// rounded values that are sent, so a reader can check it: `error` when the temperature is
/// outside 5…40 °C or the device reports a fault (rare), else `warn` when battery < 20, else `ok`.
public struct IoTGenerator: EventGenerator {
    public enum Location: String, CaseIterable, Sendable {
        case floor1 = "floor-1", floor2 = "floor-2", lab, office

        var baseTemperature: Double {
            switch self {
            case .floor1: 21.5
            case .floor2: 22.0
            case .lab: 22.5
            case .office: 23.0
            }
        }
    }

    public static let defaultTopic = "iot-metrics"
    /// Readings outside this range are an `error` status.
    public static let temperatureRange = 5.0...40.0
    public static let warnBatteryBelow = 20.0
    static let utcOffsetHours = 7.0
    static let dayCycleAmplitude = 2.5

    public let topic: String
    public var devices: Int { states.count }
    public var topics: [String] { [topic] }
    private var states: [IoTDeviceState]

    public init(seed: UInt64, devices: Int = 8, topic: String = IoTGenerator.defaultTopic) throws(SimulationError) {
        let count = try Self.checkedDevices(devices)
        self.topic = topic
        var ids = Set<UInt32>()
        var states: [IoTDeviceState] = []
        states.reserveCapacity(count)
        for index in 0..<count {
            var random = SimulationRandom(seed: seed, stream: UInt64(index) + 1)
            var id = UInt32(truncatingIfNeeded: random.next())
            while !ids.insert(id).inserted { id = UInt32(truncatingIfNeeded: random.next()) }
            states.append(IoTDeviceState(id: id, random: random))
        }
        self.states = states
    }

    /// The device ids, `device-` + 8 hex digits, in device order.
    public var deviceIDs: [String] { states.map(\.deviceID) }

    public mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent {
        let index = device.wrapped(into: states.count)
        let reading = states[index].read(at: time)
        var json = JSONWriter(capacity: 160)
        json.field("device_id", encoded: states[index].encodedID)
        json.field("ts", time.milliseconds)
        json.field("temperature", reading.temperature, decimals: 1)
        json.field("humidity", reading.humidity, decimals: 1)
        json.field("battery", reading.battery, decimals: 1)
        json.field("status", encoded: reading.status.encoded)
        json.field("location", encoded: states[index].encodedLocation)
        return SimulatedEvent(topic: topic, key: states[index].keyBytes, value: json.finish(), eventTime: time)
    }
}

/// What a device reports, already rounded to the one decimal it is sent with.
struct IoTReading {
    enum Status: String {
        case ok, warn, error
        var encoded: [UInt8] {
            switch self {
            case .ok: Self.okBytes
            case .warn: Self.warnBytes
            case .error: Self.errorBytes
            }
        }
        static let okBytes = JSONWriter.encodedString("ok")
        static let warnBytes = JSONWriter.encodedString("warn")
        static let errorBytes = JSONWriter.encodedString("error")
    }

    var temperature: Double
    var humidity: Double
    var battery: Double
    var status: Status
}

/// One device's fixed traits and evolving state; owned by its `IoTGenerator`.
struct IoTDeviceState: Sendable {
    let deviceID: String
    let encodedID: [UInt8]
    let keyBytes: [UInt8]
    let location: IoTGenerator.Location
    let encodedLocation: [UInt8]
    let calibrationOffset: Double
    let humidityOffset: Double
    let drainPerHour: Double
    var random: SimulationRandom
    var temperatureDrift = MeanRevertingNoise(deviation: 0.5, timeConstant: 900)
    var humidityDrift = MeanRevertingNoise(deviation: 2.5, timeConstant: 1800)
    var battery: Double
    var swapBelow: Double
    var lastMilliseconds: Int64?

    init(id: UInt32, random: SimulationRandom) {
        var random = random
        deviceID = "device-" + JSONWriter.hex(UInt64(id), digits: 8)
        encodedID = JSONWriter.encodedString(deviceID)
        keyBytes = Array(deviceID.utf8)
        location = IoTGenerator.Location.allCases[random.int(below: IoTGenerator.Location.allCases.count)]
        encodedLocation = JSONWriter.encodedString(location.rawValue)
        calibrationOffset = random.normal(mean: 0, deviation: 0.8)
        humidityOffset = random.normal(mean: 0, deviation: 4)
        drainPerHour = random.uniform(1.5, 4.0)
        // Some devices start low so that a short demo already shows `warn`.
        battery = random.uniform(15, 100)
        swapBelow = random.uniform(5, 12)
        self.random = random
    }

    mutating func read(at time: Timestamp) -> IoTReading {
        let ms = time.milliseconds
        // Late events ask for earlier times: stamp them but never run the state backwards.
        let seconds = lastMilliseconds.map { Double(max(0, min(ms - $0, 86_400_000))) / 1000 } ?? 0
        if lastMilliseconds.map({ ms > $0 }) ?? true { lastMilliseconds = ms }

        battery -= drainPerHour * seconds / 3600
        if battery < swapBelow {
            battery = random.uniform(95, 100)
            swapBelow = random.uniform(5, 12)
        }
        let hour = LocalTime(time, utcOffsetHours: IoTGenerator.utcOffsetHours).hourOfDay
        let cycle = IoTGenerator.dayCycleAmplitude * sin(2 * Double.pi * (hour - 9) / 24)
        let drift = temperatureDrift.advance(seconds: seconds, random: &random)
        var temperature = location.baseTemperature + calibrationOffset + cycle + drift + random.normal() * 0.1
        let humidityDrift = humidityDrift.advance(seconds: seconds, random: &random)
        let humidity = 55 + humidityOffset - 1.8 * (cycle + drift) + humidityDrift + random.normal() * 0.3

        var fault = false
        let roll = random.unit()
        if roll < 0.0003 {
            temperature += random.uniform(25, 45)  // a sensor glitch: a spike far out of range
        } else if roll < 0.0005 {
            fault = true  // the device reports an internal fault with plausible values
        }
        return Self.reading(temperature: temperature, humidity: humidity, battery: battery, fault: fault)
    }

    static func reading(temperature: Double, humidity: Double, battery: Double, fault: Bool) -> IoTReading {
        let temperature = (temperature * 10).rounded() / 10
        let humidity = (min(max(humidity, 15), 95) * 10).rounded() / 10
        let battery = (min(max(battery, 0), 100) * 10).rounded() / 10
        let status: IoTReading.Status =
            if fault || !IoTGenerator.temperatureRange.contains(temperature) {
                .error
            } else if battery < IoTGenerator.warnBatteryBelow {
                .warn
            } else {
                .ok
            }
        return IoTReading(temperature: temperature, humidity: humidity, battery: battery, status: status)
    }
}

extension Int {
    /// This device index folded into 0..<count, so an out-of-range index never traps.
    func wrapped(into count: Int) -> Int {
        let remainder = self % count
        return remainder < 0 ? remainder + count : remainder
    }
}
