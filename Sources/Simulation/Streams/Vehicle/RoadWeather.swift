#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// `condition` in `weather_data`.
public enum WeatherCondition: String, CaseIterable, Sendable {
    case clear, partlyCloudy = "partly-cloudy", cloudy, rain, thunderstorm, fog
    var encoded: [UInt8] { Self.encodedValues[self] ?? [] }
    static let encodedValues: [WeatherCondition: [UInt8]] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, JSONWriter.encodedString($0.rawValue)) })
    var isWet: Bool { self == .rain || self == .thunderstorm }
}

/// The weather the vehicle drives through: a slowly changing sky (a Markov chain that favours
/// afternoon thunderstorms, as in Luzon's wet season, and fog on the mountain road) and
/// readings that depend on where the vehicle is. Temperature falls 6.5 °C per km of altitude
/// (Baguio at 1500 m is ~10 °C cooler than Manila); air quality is worst in Metro Manila's
/// traffic and best in the hills, and rain washes it out.
struct RoadWeather: Sendable {
    struct Reading {
        var temperature: Double
        var humidity: Double
        var condition: WeatherCondition
        var precipitation: Double
        var windSpeed: Double
        var aqi: Int
    }

    var condition = WeatherCondition.partlyCloudy
    var nextChangeMilliseconds: Int64?
    var wind = MeanRevertingNoise(deviation: 4, timeConstant: 900)
    var pollution = MeanRevertingNoise(deviation: 10, timeConstant: 1800)
    var lastMilliseconds: Int64?

    mutating func observe(at time: Timestamp, position: RoutePosition, random: inout SimulationRandom) -> Reading {
        let ms = time.milliseconds
        let seconds = lastMilliseconds.map { Double(max(0, min(ms - $0, 3_600_000))) / 1000 } ?? 0
        if lastMilliseconds.map({ ms > $0 }) ?? true { lastMilliseconds = ms }
        let local = LocalTime(time, utcOffsetHours: TrafficModel.utcOffsetHours)
        if nextChangeMilliseconds == nil || ms >= nextChangeMilliseconds ?? 0 {
            condition = nextCondition(local: local, kind: position.waypoint.kind, random: &random)
            nextChangeMilliseconds = ms + Int64(random.exponential(mean: 40 * 60_000))
        }
        let cycle = 3.5 * sin(2 * Double.pi * (local.hourOfDay - 9) / 24)
        let cooling: Double = condition.isWet ? -2.5 : (condition == .cloudy || condition == .fog ? -1 : 0)
        let temperature = 30 - 6.5 * position.elevation / 1000 + cycle + cooling + random.normal() * 0.2
        let humidity = (condition.isWet ? 88 : (condition == .fog ? 96 : 68)) - 2 * cycle + random.normal() * 1.5
        let precipitation: Double =
            switch condition {
            case .rain: random.uniform(1, 8)
            case .thunderstorm: random.uniform(10, 45)
            default: 0
            }
        let gusts = condition == .thunderstorm ? 25.0 : 0
        let windSpeed = max(0, 9 + gusts + wind.advance(seconds: seconds, random: &random))
        return Reading(
            temperature: temperature, humidity: min(max(humidity, 20), 100), condition: condition,
            precipitation: precipitation, windSpeed: windSpeed,
            aqi: airQuality(position: position, local: local, seconds: seconds, random: &random))
    }

    private mutating func airQuality(
        position: RoutePosition, local: LocalTime, seconds: Double, random: inout SimulationRandom
    ) -> Int {
        var base: Double =
            switch position.waypoint.kind {
            case .city: position.elevation > 1000 ? 55 : 95
            case .expressway: 60
            case .mountain: 32
            }
        if position.waypoint.kind == .city, TrafficModel.congestion(.city, local) > 0.6 { base += 30 }
        if condition.isWet { base *= 0.65 }
        let value = base + pollution.advance(seconds: seconds, random: &random)
        return Int(min(max(value, 5), 300).rounded())
    }

    private func nextCondition(local: LocalTime, kind: RoadKind, random: inout SimulationRandom) -> WeatherCondition {
        let h = local.hourOfDay
        let afternoon = h >= 13 && h < 19
        let night = h < 6 || h >= 20
        var weights: [(WeatherCondition, Double)] = [
            (.clear, night ? 3 : 3), (.partlyCloudy, 3), (.cloudy, 2),
            (.rain, 1.5), (.thunderstorm, afternoon ? 1.5 : 0.2), (.fog, kind == .mountain ? 2 : 0.05),
        ]
        // Weather persists: the current condition is three times as likely to continue.
        for index in weights.indices where weights[index].0 == condition { weights[index].1 *= 3 }
        let choice = random.weightedIndex(weights.map(\.1))
        return weights[choice].0
    }
}
