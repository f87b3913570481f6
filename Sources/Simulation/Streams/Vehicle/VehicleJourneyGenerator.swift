import RivuletCore

/// Seed 004's journey from Antipolo to Baguio as five streams, one topic each
/// (`vehicle_data`, `gps_data`, `traffic_data`, `weather_data`, `emergency_data` by default),
/// key = `vehicle_id`, event time in `timestamp` as ISO-8601 UTC text.
///
/// Each device is one vehicle driving `RoutePath.antipoloToBaguio` there and back (see
/// `VehicleJourney`). A call advances the vehicle to the given time and emits the next stream
/// in turn (vehicle, gps, traffic, weather); an incident opening or resolving jumps the queue
/// as an `emergency_data` event. Traffic events read the camera nearest the vehicle and carry
/// `image_url` = `/objects/cameras/<camera>/<epoch ms>.png`: the event's `blob` holds that PNG,
/// to be stored at `<lake root>/_objects/cameras/<camera>/<epoch ms>.png` before the event is
/// sent. A camera takes a new snapshot at most every 15 s of event time; in between, events
/// reuse the last one's URL and carry no blob.
public struct VehicleJourneyGenerator: EventGenerator {
    /// The five streams in the order of `topics`.
    public enum Stream: String, CaseIterable, Sendable {
        case vehicle, gps, traffic, weather, emergency
    }

    public static let defaultTopicTemplate = "{stream}_data"
    static let snapshotIntervalMilliseconds: Int64 = 15_000
    static let rotation: [Stream] = [.vehicle, .gps, .traffic, .weather]

    public let topics: [String]
    public var devices: Int { vehicles.count }
    public let route: RoutePath
    private var vehicles: [VehicleState]

    /// `topicTemplate`'s `{stream}` is replaced by each stream's name, as in `SimulatorConfiguration`.
    public init(
        seed: UInt64, devices: Int = 1, topicTemplate: String = VehicleJourneyGenerator.defaultTopicTemplate,
        route: RoutePath = .antipoloToBaguio
    ) throws(SimulationError) {
        let count = try Self.checkedDevices(devices)
        guard route.waypoints.count >= 2, route.totalMeters > 0 else {
            throw SimulationError(.invalidParameter, "a route needs at least two distinct waypoints")
        }
        self.route = route
        topics = Stream.allCases.map { topicTemplate.replacing("{stream}", with: $0.rawValue) }
        vehicles = (0..<count).map { index in
            VehicleState(index: index, route: route, random: SimulationRandom(seed: seed, stream: 0x5000_0000 + UInt64(index)))
        }
    }

    public func topic(for stream: Stream) -> String {
        topics[Stream.allCases.firstIndex(of: stream) ?? 0]
    }

    /// The vehicle ids (plates such as `NAB-4821`), in device order.
    public var vehicleIDs: [String] { vehicles.map(\.profile.vehicleID) }

    public mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent {
        let index = device.wrapped(into: vehicles.count)
        vehicles[index].advance(to: time)
        let stream: Stream
        if !vehicles[index].incidents.changes.isEmpty {
            stream = .emergency
        } else {
            stream = Self.rotation[vehicles[index].nextStream]
            vehicles[index].nextStream = (vehicles[index].nextStream + 1) % Self.rotation.count
        }
        var blob: SimulatedBlob?
        let value: [UInt8] =
            switch stream {
            case .vehicle: vehicles[index].vehicleJSON(at: time)
            case .gps: vehicles[index].gpsJSON(at: time)
            case .traffic: vehicles[index].trafficJSON(at: time, blob: &blob)
            case .weather: vehicles[index].weatherJSON(at: time)
            case .emergency: vehicles[index].emergencyJSON(at: time)
            }
        return SimulatedEvent(
            topic: topic(for: stream), key: vehicles[index].keyBytes, value: value, eventTime: time, blob: blob)
    }
}
