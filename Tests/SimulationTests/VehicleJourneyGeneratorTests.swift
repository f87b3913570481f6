import RivuletCore
import Testing
@testable import Simulation

@Suite struct VehicleJourneyGeneratorTests {
    static let antipolo = GeoPoint(latitude: 14.586, longitude: 121.176)
    static let baguio = GeoPoint(latitude: 16.402, longitude: 120.596)

    struct Fix {
        var time: Int64
        var point: GeoPoint
        var speed: Double
        var heading: Double
    }

    /// Twelve hours of one vehicle, one event every two seconds.
    static let journey: [SimulatedEvent] = {
        guard var generator = try? VehicleJourneyGenerator(seed: 2024, devices: 1) else { return [] }
        return generate(&generator, count: 12 * 1800, stepMilliseconds: 2_000)
    }()

    static func fixes() throws -> [Fix] {
        try journey.filter { $0.topic == "gps_data" }.map { event in
            let json = try parsed(event)
            return Fix(
                time: event.eventTime.milliseconds,
                point: GeoPoint(latitude: json.double("latitude"), longitude: json.double("longitude")),
                speed: json.double("speed_kmh"), heading: json.double("heading_deg"))
        }
    }

    @Test func routeIsRealAndLongEnough() {
        let route = RoutePath.antipoloToBaguio
        #expect(route.waypoints.count >= 30)
        #expect(route.waypoints.first.map { $0.point.distance(to: Self.antipolo) < 1_000 } == true)
        #expect(route.waypoints.last.map { $0.point.distance(to: Self.baguio) < 1_000 } == true)
        #expect((200_000.0...320_000.0).contains(route.totalMeters), "\(route.totalMeters)")
        // No teleporting segment: consecutive waypoints are at most ~20 km apart.
        for (a, b) in zip(route.waypoints, route.waypoints.dropFirst()) { #expect(a.point.distance(to: b.point) < 20_000) }
    }

    @Test func tripStartsAtAntipoloAndReachesBaguio() throws {
        let fixes = try Self.fixes()
        let first = try #require(fixes.first)
        #expect(first.point.distance(to: Self.antipolo) < 1_000)
        let arrival = try #require(fixes.firstIndex { $0.point.distance(to: Self.baguio) < 1_000 })
        let hours = Double(fixes[arrival].time - first.time) / 3_600_000
        #expect(hours > 3 && hours < 9, "arrived after \(hours) h")
        // It parks at the destination before turning back.
        #expect(fixes[arrival...].prefix(100).contains { $0.speed == 0 })
    }

    @Test func speedAgreesWithDistanceOverTime() throws {
        let fixes = try Self.fixes()
        var checked = 0, agreeing = 0
        for (a, b) in zip(fixes, fixes.dropFirst()) where a.speed > 10 && b.speed > 10 {
            let implied = a.point.distance(to: b.point) / (Double(b.time - a.time) / 1000) * 3.6
            checked += 1
            if abs(implied - b.speed) <= max(3, 0.12 * b.speed) { agreeing += 1 }
        }
        #expect(checked > 2_000)
        #expect(Double(agreeing) / Double(checked) > 0.97, "\(agreeing)/\(checked)")
    }

    @Test func headingMatchesBearingOfMovement() throws {
        let fixes = try Self.fixes()
        var checked = 0, agreeing = 0
        for (a, b) in zip(fixes, fixes.dropFirst()) where a.point.distance(to: b.point) > 20 {
            let bearing = a.point.bearing(to: b.point)
            let difference = abs((bearing - b.heading + 540).truncatingRemainder(dividingBy: 360) - 180)
            checked += 1
            if difference <= 10 { agreeing += 1 }
        }
        #expect(checked > 2_000)
        #expect(Double(agreeing) / Double(checked) > 0.97, "\(agreeing)/\(checked)")
    }

    @Test func incidentsOpenAndLaterResolve() throws {
        var opened: [String: Int64] = [:], resolved: [String: Int64] = [:]
        for event in Self.journey where event.topic == "emergency_data" {
            let json = try parsed(event)
            let id = json.string("incident_id")
            switch json.string("status") {
            case "active":
                #expect(opened[id] == nil)
                opened[id] = event.eventTime.milliseconds
            default:
                #expect(resolved[id] == nil)
                let start = try #require(opened[id], "resolved before it opened: \(id)")
                #expect(event.eventTime.milliseconds > start)
                resolved[id] = event.eventTime.milliseconds
            }
        }
        #expect(opened.count >= 5)
        let end = try #require(Self.journey.last).eventTime.milliseconds
        for (id, start) in opened where end - start > 61 * 60_000 { #expect(resolved[id] != nil, "\(id) never resolved") }
    }

    @Test func fiveStreamsTelemetryAndWeatherAreConsistent() throws {
        let topics = Set(Self.journey.map(\.topic))
        #expect(topics == ["vehicle_data", "gps_data", "traffic_data", "weather_data", "emergency_data"])
        let vehicle = try Self.journey.filter { $0.topic == "vehicle_data" }.map(parsed)
        #expect(vehicle.suffix(1000).allSatisfy { $0.double("engine_temp_c") > 60 })
        #expect(Set(vehicle.map { $0.string("road") }).isSuperset(of: ["EDSA", "NLEX", "TPLEX", "Kennon Road"]))
        let odometers = vehicle.map { $0.double("odometer_km") }
        #expect(zip(odometers, odometers.dropFirst()).allSatisfy { $0 <= $1 })
        #expect((odometers.last ?? 0) - (odometers.first ?? 0) > 250)

        let weather = try Self.journey.filter { $0.topic == "weather_data" }.map(parsed)
        let lowland = weather.filter { $0.double("latitude") < 15.0 }.map { $0.double("temperature_c") }
        let highland = weather.filter { $0.double("latitude") > 16.38 }.map { $0.double("temperature_c") }
        #expect(!lowland.isEmpty && !highland.isEmpty)
        let lowlandMean = mean(lowland), highlandMean = mean(highland)
        #expect(lowlandMean > highlandMean + 5)
    }

    @Test func trafficEventsCarryTheirSnapshot() throws {
        var stored = Set<String>()
        var traffic = 0
        for event in Self.journey where event.topic == "traffic_data" {
            traffic += 1
            let url = try parsed(event).string("image_url")
            if let blob = event.blob {
                #expect(SimulatedBlob.url(forPath: blob.path) == url)
                #expect(blob.bytes.starts(with: PNGEncoder.signature))
                stored.insert(url)
            }
            #expect(stored.contains(url), "\(url) referenced before it was stored")
        }
        #expect(traffic > 4_000)
        #expect(stored.count > 100 && stored.count < traffic)
    }
}
