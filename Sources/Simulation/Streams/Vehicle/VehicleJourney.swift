#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// One vehicle driving the route back and forth, integrated in small time steps.
///
/// Speed relaxes toward what traffic allows on the current road (its kind, the hour, incidents
/// ahead, rain) plus a driver's own wandering; the position advances by exactly the speed
/// reported, so speed, GPS distance and heading agree. At each end the vehicle parks for
/// 30 minutes, then drives the route in the other direction. Fuel burns with distance (more
/// when climbing) and is refilled when low; the engine warms up to ~90 °C with load.
struct VehicleJourney: Sendable {
    static let stepSeconds = 2.0
    static let parkMilliseconds: Int64 = 30 * 60_000

    let route: RoutePath
    let consumptionPercentPerKm: Double
    var meters = 0.0
    var forward = true
    var segment = 0
    /// Meters per second.
    var speed = 0.0
    var driver = MeanRevertingNoise(deviation: 0.07, timeConstant: 45)
    var parkedUntil: Int64?
    var departureDelay: Int64
    var fuel: Double
    var engineTemperature = 30.0
    var odometerMeters: Double
    var lastMilliseconds: Int64?

    init(route: RoutePath, consumptionPercentPerKm: Double, departureDelay: Int64, random: inout SimulationRandom) {
        self.route = route
        self.consumptionPercentPerKm = consumptionPercentPerKm
        self.departureDelay = departureDelay
        fuel = random.uniform(55, 100)
        odometerMeters = random.uniform(8_000, 90_000) * 1000
    }

    var position: RoutePosition { route.locate(meters, segment: segment, forward: forward) }
    var isMoving: Bool { parkedUntil == nil }

    mutating func advance(to ms: Int64, incidents: IncidentTracker, wet: Bool, random: inout SimulationRandom) {
        guard let last = lastMilliseconds else {
            lastMilliseconds = ms
            if departureDelay > 0 { parkedUntil = ms + departureDelay }
            return
        }
        // Never rewind: a late event is stamped earlier but the vehicle stays where it is.
        guard ms > last else { return }
        var t = last
        // Gaps longer than a day are treated as a day, to bound the work of one call.
        let end = min(ms, last + 86_400_000)
        while t < end {
            let step = min(Int64(Self.stepSeconds * 1000), end - t)
            t += step
            self.step(seconds: Double(step) / 1000, at: t, incidents: incidents, wet: wet, random: &random)
        }
        lastMilliseconds = ms
    }

    private mutating func step(
        seconds: Double, at ms: Int64, incidents: IncidentTracker, wet: Bool, random: inout SimulationRandom
    ) {
        let ambient = 30 - 6.5 * position.elevation / 1000
        if let until = parkedUntil {
            speed = 0
            engineTemperature += (ambient - engineTemperature) * (1 - exp(-seconds / 1200))
            if ms >= until {
                parkedUntil = nil
                // Turn around at either end; a first departure from Antipolo keeps going north.
                if meters >= route.totalMeters { forward = false } else if meters <= 0 { forward = true }
            }
            return
        }
        let kind = route.waypoints[segment].kind
        let local = LocalTime(Timestamp(milliseconds: ms), utcOffsetHours: TrafficModel.utcOffsetHours)
        var congestion = TrafficModel.congestion(kind, local)
        if incidents.blocksRoad(ahead: meters, forward: forward) { congestion = max(congestion, 0.85) }
        var target = TrafficModel.speed(kind, congestion: congestion) / 3.6
        if wet { target *= 0.85 }
        target *= 1 + driver.advance(seconds: seconds, random: &random)
        speed = max(0, speed + (target - speed) * (1 - exp(-seconds / 12)))
        let moved = speed * seconds
        meters += forward ? moved : -moved
        odometerMeters += moved
        let climbing = (forward ? 1.0 : -1.0) * (kind == .mountain ? 1 : 0)
        fuel -= moved / 1000 * consumptionPercentPerKm * (climbing > 0 ? 1.7 : 1)
        // Refuel at the next station when low; the stop itself is not simulated.
        if fuel < 12 { fuel = random.uniform(92, 100) }
        let load = min(speed * 3.6 / 100, 1.2) + (climbing > 0 ? 0.5 : 0)
        engineTemperature += (86 + 7 * load - engineTemperature) * (1 - exp(-seconds / 240))
        if meters >= route.totalMeters || meters <= 0 {
            meters = min(max(meters, 0), route.totalMeters)
            parkedUntil = ms + Self.parkMilliseconds
        }
        segment = route.segment(containing: meters, hint: segment)
    }
}

/// A vehicle's fixed traits: plate, make and model, fuel and how thirsty it is.
struct VehicleProfile: Sendable {
    let vehicleID: String
    let make: String
    let model: String
    let year: Int
    let fuelType: String
    let vehicleType: String
    /// Share of the tank used per km.
    let consumptionPercentPerKm: Double

    static let catalog: [(make: String, model: String, fuel: String, type: String, litersPer100km: Double, tank: Double)] = [
        ("Toyota", "Innova", "diesel", "mpv", 8.5, 55), ("Mitsubishi", "Montero Sport", "diesel", "suv", 9.5, 68),
        ("Toyota", "Vios", "gasoline", "sedan", 6.5, 42), ("Honda", "City", "gasoline", "sedan", 6.0, 40),
        ("Ford", "Ranger", "diesel", "pickup", 9.0, 80), ("Nissan", "Navara", "diesel", "pickup", 9.0, 80),
        ("Toyota", "Hiace", "diesel", "van", 11.0, 70), ("Suzuki", "Ertiga", "gasoline", "mpv", 7.0, 45),
    ]

    init(random: inout SimulationRandom) {
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
        let plateLetters = String((0..<3).map { _ in letters[random.int(below: letters.count)] })
        vehicleID = plateLetters + "-" + JSONWriter.decimal(UInt64(1000 + random.int(below: 9000)), digits: 4)
        let entry = Self.catalog[random.int(below: Self.catalog.count)]
        make = entry.make
        model = entry.model
        fuelType = entry.fuel
        vehicleType = entry.type
        year = 2012 + random.int(below: 13)
        consumptionPercentPerKm = entry.litersPer100km / entry.tank
    }
}
