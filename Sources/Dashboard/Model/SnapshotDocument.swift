import Foundation

/// The parts of seed 000's `latest.json` the dashboard reads to build its series:
/// `{"updated_at": <epoch seconds>, "records": [window rows]}` (DESIGN §5).
/// Every field is optional so that a document from another pipeline still parses.
struct SnapshotDocument: Decodable, Sendable {
    var updatedAt: Double?
    var records: [SnapshotRecord]

    enum CodingKeys: String, CodingKey {
        case updatedAt = "updated_at"
        case records
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        updatedAt = try? c.decodeIfPresent(Double.self, forKey: .updatedAt)
        records = (try? c.decodeIfPresent([SnapshotRecord].self, forKey: .records)) ?? []
    }

    /// Parses bytes; nil for anything that is not such a document (it is then served but not charted).
    static func parse(_ bytes: [UInt8]) -> SnapshotDocument? {
        try? JSONDecoder().decode(SnapshotDocument.self, from: Data(bytes))
    }
}

/// One window row.
struct SnapshotRecord: Decodable, Sendable {
    var windowStart: String?
    var deviceID: String?
    var avgTemperature: Double?
    var avgHumidity: Double?

    enum CodingKeys: String, CodingKey {
        case windowStart = "window_start"
        case deviceID = "device_id"
        case avgTemperature = "avg_temperature"
        case avgHumidity = "avg_humidity"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        windowStart = try? c.decodeIfPresent(String.self, forKey: .windowStart)
        deviceID = try? c.decodeIfPresent(String.self, forKey: .deviceID)
        avgTemperature = try? c.decodeIfPresent(Double.self, forKey: .avgTemperature)
        avgHumidity = try? c.decodeIfPresent(Double.self, forKey: .avgHumidity)
    }

    /// `window_start` as epoch milliseconds; accepts ISO-8601 with or without fractional seconds.
    var windowStartMilliseconds: Int64? {
        guard let text = windowStart else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970 * 1000) }
    }
}
