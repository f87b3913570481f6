/// How congested a road is, from its kind and the local time (Philippine time, UTC+8).
///
/// Metro Manila's arterials jam at the morning and evening rush; expressways slow at toll
/// plazas in the same hours; Kennon Road fills with weekend traffic to Baguio.
enum TrafficModel {
    static let utcOffsetHours = 8.0

    /// 0 = free flow … 1 = standstill.
    static func congestion(_ kind: RoadKind, _ local: LocalTime) -> Double {
        let h = local.hourOfDay
        let rush = !local.isWeekend && ((h >= 6.5 && h < 9.5) || (h >= 16.5 && h < 20))
        let daytime = h >= 6 && h < 22
        switch kind {
        case .city: return rush ? 0.75 : (daytime ? (local.isWeekend ? 0.35 : 0.45) : 0.1)
        case .expressway: return rush ? 0.4 : (daytime ? (local.isWeekend ? 0.3 : 0.2) : 0.05)
        case .mountain: return daytime ? (local.isWeekend ? 0.35 : 0.15) : 0.05
        }
    }

    /// Target speed in km/h for a congestion level; traffic crawls but rarely stops entirely.
    static func speed(_ kind: RoadKind, congestion: Double) -> Double {
        kind.freeFlowSpeed * (1 - 0.85 * min(max(congestion, 0), 1))
    }

    /// The word a traffic feed uses for a congestion level.
    static func level(_ congestion: Double) -> CongestionLevel {
        switch congestion {
        case ..<0.25: .light
        case ..<0.5: .moderate
        case ..<0.75: .heavy
        default: .severe
        }
    }

    /// Vehicles per minute passing a camera.
    static func volume(_ kind: RoadKind, congestion: Double) -> Double {
        let capacity: Double =
            switch kind {
            case .city: 45
            case .expressway: 80
            case .mountain: 14
            }
        // Volume grows with demand until the road saturates, then jammed traffic moves fewer cars.
        return capacity * (congestion < 0.7 ? 0.25 + congestion : 0.95 - (congestion - 0.7))
    }
}

/// `congestion_level` in `traffic_data`.
public enum CongestionLevel: String, CaseIterable, Sendable {
    case light, moderate, heavy, severe
    var encoded: [UInt8] { Self.encodedValues[self] ?? [] }
    static let encodedValues: [CongestionLevel: [UInt8]] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, JSONWriter.encodedString($0.rawValue)) })
}
