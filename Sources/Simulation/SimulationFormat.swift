/// What the simulators write, in one place (the JSON Schemas in `tests/interop/schemas/` are
/// the checked form of the field lists below).
///
/// Every event is one flat JSON object, fields in the order listed, no nulls, UTF-8, written
/// by `JSONWriter`. The record key is the device's id; `SimulatedEvent.eventTime` equals the
/// time inside the JSON.
///
/// | stream (`rivulet produce …`) | default topic | key | fields |
/// | --- | --- | --- | --- |
/// | `iot` (seed 000) | `iot-metrics` | device_id | device_id `device-<8 hex>`, ts (epoch ms), temperature, humidity, battery (1 decimal), status ok/warn/error, location floor-1/floor-2/lab/office |
/// | `platform-iot` (seed 002) | `iot` | device_id | device_id `sensor-NNNN`, site, temp_c, humidity, battery, signal_strength (dBm, integer), ts |
/// | `clickstream` (seed 002) | `clickstream` | user_id | event_id (UUID v4), user_id `user-NNNNNN`, url (path), referrer (previous path, external `https://…`, or "" for direct), ua, ts |
/// | `building` (seed 003) | `iot_smartech` | sensor_id | sensor_id `st-<site>-NNN`, building, room, ts, temperature (2 decimals), humidity, co2 (ppm) |
/// | `vehicle` (seed 004) | `{stream}_data` | vehicle_id | five streams, each with id (UUID), vehicle_id (plate `ABC-1234`), timestamp (ISO-8601 UTC, ms): |
///
/// - `vehicle_data`: latitude, longitude, speed_kmh, heading_deg, road, fuel_level_pct, engine_temp_c,
///   odometer_km, make, model, year, fuel_type
/// - `gps_data`: latitude, longitude, altitude_m, speed_kmh, heading_deg, accuracy_m, satellites, vehicle_type
/// - `traffic_data`: camera_id, latitude, longitude (of the camera), road, congestion_level
///   light/moderate/heavy/severe, average_speed_kmh, vehicle_count (per minute), image_url
/// - `weather_data`: latitude, longitude, temperature_c, humidity, condition, precipitation_mm,
///   wind_speed_kmh, aqi (US EPA index, integer)
/// - `emergency_data`: incident_id `INC-<8 HEX>`, latitude, longitude, road, type, status active/resolved,
///   description; each incident is sent once as active and later once as resolved.
///
/// Blobs: a traffic event's `image_url` is `/objects/cameras/<camera_id>/<epoch ms>.png`, a URL
/// relative to the lake: `/objects/<path>` names the file `<lake root>/_objects/<path>`
/// (DESIGN §3). The PNG is 64×48 8-bit RGB, stored (uncompressed) deflate blocks.
///
/// Determinism: the same seed, device count, topic and sequence of (device, time) calls give
/// the same bytes on the same platform. Readings go through `sin`/`exp`/`log` from the C
/// library, whose last-bit results may differ between platforms; values are rounded before
/// they are written, so differences are rare but possible across operating systems.
public enum SimulationFormat {
    /// The lake subdirectory that holds blobs.
    public static let objectsDirectoryName = "_objects"
    /// The URL prefix that stands for `<lake root>/_objects/`.
    public static let objectURLPrefix = "/objects/"

    /// The blob path (relative to `_objects`) named by an `image_url`, or nil if it is not one of ours.
    public static func blobPath(forURL url: String) -> String? {
        guard url.hasPrefix(objectURLPrefix) else { return nil }
        let path = String(url.dropFirst(objectURLPrefix.count))
        guard !path.isEmpty, !path.split(separator: "/").contains("..") else { return nil }
        return path
    }
}
