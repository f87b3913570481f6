#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// `type` in `emergency_data`.
public enum IncidentType: String, CaseIterable, Sendable {
    case accident, roadblock, medical, fire, flooding, landslide
}

/// An emergency on the road ahead: it opens, slows traffic around it, and later resolves.
struct Incident: Sendable {
    var id: String
    var type: IncidentType
    var meters: Double
    var point: GeoPoint
    var road: String
    var description: String
    var resolveAtMilliseconds: Int64
}

/// The incidents near one vehicle's route, as a small state machine advanced by time.
///
/// New incidents arrive as a Poisson process (one every 20 minutes of driving on average)
/// somewhere 2–15 km ahead of the vehicle, so the vehicle often reaches them while they are
/// still open and crawls past. Each one resolves 10–60 minutes later. Every change (opened,
/// resolved) becomes one `emergency_data` event, queued in `changes` in the order it happened.
struct IncidentTracker: Sendable {
    enum Status: String, Sendable {
        case active, resolved
    }

    static let meanGapSeconds = 20.0 * 60
    static let maximumOpen = 4

    private(set) var open: [Incident] = []
    /// Changes not yet sent as events, oldest first.
    var changes: [(incident: Incident, status: Status, at: Int64)] = []
    private var lastMilliseconds: Int64?

    mutating func advance(
        to ms: Int64, meters: Double, forward: Bool, moving: Bool, route: RoutePath, wet: Bool,
        random: inout SimulationRandom
    ) {
        let seconds = lastMilliseconds.map { Double(max(0, ms - $0)) / 1000 } ?? 0
        if lastMilliseconds.map({ ms > $0 }) ?? true { lastMilliseconds = ms }
        while let index = open.indices.min(by: { open[$0].resolveAtMilliseconds < open[$1].resolveAtMilliseconds }),
            open[index].resolveAtMilliseconds <= ms
        {
            let incident = open.remove(at: index)
            changes.append((incident, .resolved, incident.resolveAtMilliseconds))
        }
        guard moving, open.count < Self.maximumOpen, seconds > 0,
            random.chance(1 - exp(-seconds / Self.meanGapSeconds))
        else { return }
        let ahead = random.uniform(2_000, 15_000) * (forward ? 1 : -1)
        let place = min(max(meters + ahead, 0), route.totalMeters)
        let position = route.locate(place, segment: route.segment(containing: place, hint: 0), forward: forward)
        let type = Self.type(on: position.waypoint.kind, wet: wet, random: &random)
        let incident = Incident(
            id: "INC-" + JSONWriter.hex(random.next() & 0xFFFF_FFFF, digits: 8).uppercased(),
            type: type, meters: place, point: position.point, road: position.waypoint.road,
            description: Self.describe(type, near: position.waypoint, random: &random),
            resolveAtMilliseconds: ms + Int64(random.uniform(10, 60) * 60_000))
        open.append(incident)
        changes.append((incident, .active, ms))
    }

    /// Whether an open incident lies within `range` meters ahead, which backs traffic up.
    func blocksRoad(ahead meters: Double, forward: Bool, range: Double = 3_000) -> Bool {
        open.contains { incident in
            let gap = forward ? incident.meters - meters : meters - incident.meters
            return gap >= -200 && gap <= range
        }
    }

    static func type(on kind: RoadKind, wet: Bool, random: inout SimulationRandom) -> IncidentType {
        var weights: [(IncidentType, Double)] = [
            (.accident, 5), (.roadblock, 2), (.medical, 2), (.fire, 0.5),
            (.flooding, wet && kind != .mountain ? 3 : 0.1), (.landslide, kind == .mountain ? (wet ? 4 : 1) : 0),
        ]
        weights.removeAll { $0.1 == 0 }
        return weights[random.weightedIndex(weights.map(\.1))].0
    }

    static func describe(_ type: IncidentType, near waypoint: RouteWaypoint, random: inout SimulationRandom) -> String {
        let place = "on \(waypoint.road) near \(waypoint.name)"
        let options: [String] =
            switch type {
            case .accident: ["Two-car collision \(place)", "Motorcycle crash \(place)", "Truck rear-ended a bus \(place)"]
            case .roadblock: ["Police checkpoint \(place)", "Road works closing one lane \(place)", "Stalled truck blocking a lane \(place)"]
            case .medical: ["Driver collapsed at the wheel \(place)", "Ambulance responding to a passenger \(place)"]
            case .fire: ["Vehicle fire \(place)", "Grass fire by the road \(place)"]
            case .flooding: ["Flooded underpass \(place)", "Knee-deep flood \(place)"]
            case .landslide: ["Rocks on the road after a landslide \(place)", "Soil erosion closing one lane \(place)"]
            }
        return options[random.int(below: options.count)]
    }
}
