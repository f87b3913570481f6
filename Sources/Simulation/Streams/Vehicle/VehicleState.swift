import RivuletCore

/// Everything one simulated vehicle carries between calls, and its five event encodings.
/// Owned by `VehicleJourneyGenerator`.
struct VehicleState: Sendable {
    let profile: VehicleProfile
    let encodedID: [UInt8]
    let keyBytes: [UInt8]
    var random: SimulationRandom
    var journey: VehicleJourney
    var incidents = IncidentTracker()
    var weather = RoadWeather()
    var lastWeather: RoadWeather.Reading?
    var nextStream = 0
    var lastSnapshot: (camera: String, milliseconds: Int64, url: String)?

    init(index: Int, route: RoutePath, random: SimulationRandom) {
        var random = random
        profile = VehicleProfile(random: &random)
        encodedID = JSONWriter.encodedString(profile.vehicleID)
        keyBytes = Array(profile.vehicleID.utf8)
        // The first vehicle leaves at once; the others leave Antipolo a few minutes apart.
        let delay = index == 0 ? 0 : Int64(random.uniform(2, 30) * 60_000)
        journey = VehicleJourney(
            route: route, consumptionPercentPerKm: profile.consumptionPercentPerKm, departureDelay: delay,
            random: &random)
        self.random = random
    }

    mutating func advance(to time: Timestamp) {
        let wet = weather.condition.isWet
        journey.advance(to: time.milliseconds, incidents: incidents, wet: wet, random: &random)
        incidents.advance(
            to: time.milliseconds, meters: journey.meters, forward: journey.forward, moving: journey.isMoving,
            route: journey.route, wet: wet, random: &random)
    }

    private mutating func begin(at time: Timestamp, capacity: Int = 320) -> JSONWriter {
        var json = JSONWriter(capacity: capacity)
        json.field("id", uuidHigh: random.next(), low: random.next())
        json.field("vehicle_id", encoded: encodedID)
        json.field("timestamp", iso8601: time)
        return json
    }

    private static func location(_ json: inout JSONWriter, _ point: GeoPoint) {
        json.field("latitude", point.latitude, decimals: 6)
        json.field("longitude", point.longitude, decimals: 6)
    }

    mutating func vehicleJSON(at time: Timestamp) -> [UInt8] {
        let position = journey.position
        var json = begin(at: time)
        Self.location(&json, position.point)
        json.field("speed_kmh", journey.speed * 3.6, decimals: 1)
        json.field("heading_deg", position.heading, decimals: 1)
        json.field("road", position.waypoint.road)
        json.field("fuel_level_pct", journey.fuel, decimals: 1)
        json.field("engine_temp_c", journey.engineTemperature, decimals: 1)
        json.field("odometer_km", journey.odometerMeters / 1000, decimals: 2)
        json.field("make", profile.make)
        json.field("model", profile.model)
        json.field("year", profile.year)
        json.field("fuel_type", profile.fuelType)
        return json.finish()
    }

    mutating func gpsJSON(at time: Timestamp) -> [UInt8] {
        let position = journey.position
        var json = begin(at: time)
        Self.location(&json, position.point)
        json.field("altitude_m", position.elevation, decimals: 1)
        json.field("speed_kmh", journey.speed * 3.6, decimals: 1)
        json.field("heading_deg", position.heading, decimals: 1)
        // Fewer satellites in the gorge of Kennon Road, so a wider error circle.
        let mountain = position.waypoint.kind == .mountain
        let satellites = (mountain ? 6 : 9) + random.int(below: 5)
        json.field("accuracy_m", 18.0 / Double(satellites) + random.uniform(0, 1.5), decimals: 1)
        json.field("satellites", satellites)
        json.field("vehicle_type", profile.vehicleType)
        return json.finish()
    }

    mutating func trafficJSON(at time: Timestamp, blob: inout SimulatedBlob?) -> [UInt8] {
        let route = journey.route
        let camera = route.nearestCamera(to: journey.meters) ?? ("cam-unknown", 0, 0)
        let waypoint = route.waypoints[camera.waypoint]
        let local = LocalTime(time, utcOffsetHours: TrafficModel.utcOffsetHours)
        var congestion = TrafficModel.congestion(waypoint.kind, local)
        if incidents.blocksRoad(ahead: camera.meters, forward: journey.forward) { congestion = max(congestion, 0.85) }
        congestion = min(max(congestion + random.normal() * 0.05, 0), 1)
        let averageSpeed = TrafficModel.speed(waypoint.kind, congestion: congestion) * (1 + random.normal() * 0.05)
        let count = max(0, Int((TrafficModel.volume(waypoint.kind, congestion: congestion) * random.uniform(0.85, 1.15)).rounded()))
        let url = snapshotURL(camera: camera.id, kind: waypoint.kind, at: time, local: local, congestion: congestion, blob: &blob)

        var json = begin(at: time)
        json.field("camera_id", camera.id)
        Self.location(&json, waypoint.point)
        json.field("road", waypoint.road)
        json.field("congestion_level", encoded: TrafficModel.level(congestion).encoded)
        json.field("average_speed_kmh", max(averageSpeed, 0), decimals: 1)
        json.field("vehicle_count", count)
        json.field("image_url", url)
        return json.finish()
    }

    private mutating func snapshotURL(
        camera: String, kind: RoadKind, at time: Timestamp, local: LocalTime, congestion: Double,
        blob: inout SimulatedBlob?
    ) -> String {
        let ms = time.milliseconds
        if let last = lastSnapshot, last.camera == camera, ms >= last.milliseconds,
            ms - last.milliseconds < VehicleJourneyGenerator.snapshotIntervalMilliseconds
        {
            return last.url
        }
        let image = CameraSnapshot.render(
            kind: kind, hour: local.hourOfDay, condition: weather.condition, congestion: congestion, random: &random)
        let path = "cameras/\(camera)/\(ms).png"
        blob = SimulatedBlob(path: path, bytes: PNGEncoder.encode(image), contentType: "image/png")
        let url = SimulatedBlob.url(forPath: path)
        lastSnapshot = (camera, ms, url)
        return url
    }

    mutating func weatherJSON(at time: Timestamp) -> [UInt8] {
        let position = journey.position
        let reading = weather.observe(at: time, position: position, random: &random)
        var json = begin(at: time)
        Self.location(&json, position.point)
        json.field("temperature_c", reading.temperature, decimals: 1)
        json.field("humidity", reading.humidity, decimals: 1)
        json.field("condition", encoded: reading.condition.encoded)
        json.field("precipitation_mm", reading.precipitation, decimals: 1)
        json.field("wind_speed_kmh", reading.windSpeed, decimals: 1)
        json.field("aqi", reading.aqi)
        return json.finish()
    }

    mutating func emergencyJSON(at time: Timestamp) -> [UInt8] {
        let change = incidents.changes.removeFirst()
        var json = begin(at: time)
        json.field("incident_id", change.incident.id)
        Self.location(&json, change.incident.point)
        json.field("road", change.incident.road)
        json.field("type", change.incident.type.rawValue)
        json.field("status", change.status.rawValue)
        json.field("description", change.incident.description)
        return json.finish()
    }
}
