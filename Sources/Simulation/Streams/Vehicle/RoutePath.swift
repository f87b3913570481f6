#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the Earth in degrees (WGS 84, as GPS reports).
public struct GeoPoint: Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    static let earthRadiusMeters = 6_371_008.8

    /// Great-circle distance in meters (haversine).
    public func distance(to other: GeoPoint) -> Double {
        let lat1 = latitude * .pi / 180, lat2 = other.latitude * .pi / 180
        let dLat = lat2 - lat1
        let dLon = (other.longitude - longitude) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1) * cos(lat2) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * Self.earthRadiusMeters * asin(min(1, h.squareRoot()))
    }

    /// Initial bearing toward `other` in degrees clockwise from north, 0 ..< 360.
    public func bearing(to other: GeoPoint) -> Double {
        let lat1 = latitude * .pi / 180, lat2 = other.latitude * .pi / 180
        let dLon = (other.longitude - longitude) * .pi / 180
        let y = sin(dLon) * cos(lat2)
        let x = cos(lat1) * sin(lat2) - sin(lat1) * cos(lat2) * cos(dLon)
        let degrees = atan2(y, x) * 180 / .pi
        return degrees < 0 ? degrees + 360 : degrees
    }
}

/// The kind of road a route segment is, which sets how fast traffic moves and how clean the air is.
public enum RoadKind: String, Sendable, CaseIterable {
    /// Metro Manila arterials: slow, congested at rush hours, polluted.
    case city
    /// Tolled expressways (NLEX, SCTEX, TPLEX).
    case expressway
    /// Switchbacks climbing to Baguio (Kennon Road).
    case mountain

    /// Free-flow speed of a car, km/h.
    var freeFlowSpeed: Double {
        switch self {
        case .city: 42
        case .expressway: 95
        case .mountain: 34
        }
    }
}

/// A route waypoint; the segment starting here has this waypoint's `road` and `kind`.
public struct RouteWaypoint: Hashable, Sendable {
    public var name: String
    public var road: String
    public var point: GeoPoint
    /// Meters above sea level, interpolated along segments for weather and engine load.
    public var elevation: Double
    public var kind: RoadKind
    /// A traffic camera stands here (lowercase, URL-safe id).
    public var cameraID: String?
}

/// A road path as a polyline with cumulative distances, to place a vehicle by distance travelled.
public struct RoutePath: Sendable {
    public let waypoints: [RouteWaypoint]
    /// Distance from the first waypoint to each waypoint along the path, meters.
    public let cumulativeMeters: [Double]
    public var totalMeters: Double { cumulativeMeters.last ?? 0 }
    /// Cameras with their distance along the route, in route order.
    let cameras: [(id: String, waypoint: Int, meters: Double)]

    public init(waypoints: [RouteWaypoint]) {
        self.waypoints = waypoints
        var cumulative: [Double] = [0]
        for index in waypoints.indices.dropFirst() {
            cumulative.append(cumulative[index - 1] + waypoints[index - 1].point.distance(to: waypoints[index].point))
        }
        cumulativeMeters = cumulative
        cameras = waypoints.indices.compactMap { index in
            waypoints[index].cameraID.map { ($0, index, cumulative[index]) }
        }
    }

    /// The segment (index of its first waypoint) containing `meters`, searching from `hint`
    /// because a vehicle moves a little between calls.
    func segment(containing meters: Double, hint: Int) -> Int {
        let last = max(0, waypoints.count - 2)
        var index = min(max(hint, 0), last)
        while index < last, meters > cumulativeMeters[index + 1] { index += 1 }
        while index > 0, meters < cumulativeMeters[index] { index -= 1 }
        return index
    }

    /// Position, elevation and direction of travel at `meters` along the path.
    func locate(_ meters: Double, segment: Int, forward: Bool) -> RoutePosition {
        let start = waypoints[segment], end = waypoints[min(segment + 1, waypoints.count - 1)]
        let length = cumulativeMeters[min(segment + 1, waypoints.count - 1)] - cumulativeMeters[segment]
        let fraction = length > 0 ? min(max((meters - cumulativeMeters[segment]) / length, 0), 1) : 0
        // Linear interpolation in degrees is accurate to centimetres over segments of a few km.
        let point = GeoPoint(
            latitude: start.point.latitude + (end.point.latitude - start.point.latitude) * fraction,
            longitude: start.point.longitude + (end.point.longitude - start.point.longitude) * fraction)
        let heading = forward ? start.point.bearing(to: end.point) : end.point.bearing(to: start.point)
        return RoutePosition(
            point: point, elevation: start.elevation + (end.elevation - start.elevation) * fraction,
            heading: heading, segment: segment, waypoint: start)
    }

    /// The camera nearest to `meters` along the route.
    func nearestCamera(to meters: Double) -> (id: String, waypoint: Int, meters: Double)? {
        cameras.min { abs($0.meters - meters) < abs($1.meters - meters) }
    }
}

/// Where a vehicle is on its route.
struct RoutePosition: Sendable {
    var point: GeoPoint
    var elevation: Double
    /// Direction of travel, degrees clockwise from north.
    var heading: Double
    var segment: Int
    var waypoint: RouteWaypoint
}
