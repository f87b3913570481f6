#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// Local clock time at a fixed UTC offset, for day cycles and office hours.
///
/// Fixed offsets are enough for simulation (the Philippines has no daylight saving time; the
/// building sites use their winter offset), and keep generators free of time-zone databases.
struct LocalTime: Sendable {
    /// Hours since local midnight, fractional (13.5 = 13:30).
    var hourOfDay: Double
    /// 0 = Monday … 6 = Sunday.
    var weekday: Int

    init(_ time: Timestamp, utcOffsetHours: Double) {
        let local = Double(time.milliseconds) / 3_600_000 + utcOffsetHours
        let days = (local / 24).rounded(.down)
        hourOfDay = local - days * 24
        // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
        let weekdayIndex = (Int64(days) + 3) % 7
        weekday = Int(weekdayIndex < 0 ? weekdayIndex + 7 : weekdayIndex)
    }

    var isWeekend: Bool { weekday >= 5 }
}

/// A mean-reverting random walk (Ornstein–Uhlenbeck): wanders like a real sensor signal but
/// stays near zero, unlike white noise (too jumpy) or a plain random walk (drifts away).
struct MeanRevertingNoise: Sendable, Hashable {
    var value = 0.0
    /// How far the signal typically strays from zero.
    var deviation: Double
    /// How quickly it returns, in seconds.
    var timeConstant: Double

    init(deviation: Double, timeConstant: Double) {
        self.deviation = deviation
        self.timeConstant = timeConstant
    }

    /// Advances by `seconds` (an exact discretisation, so large and small steps agree).
    mutating func advance(seconds: Double, random: inout SimulationRandom) -> Double {
        guard seconds > 0 else { return value }
        let decay = exp(-seconds / timeConstant)
        value = value * decay + deviation * (1 - decay * decay).squareRoot() * random.normal()
        return value
    }
}
