import RivuletCore

/// Seed 002's page views on topic `clickstream`, key = `user_id`:
/// `{"event_id":"0b6f…-4…","user_id":"user-004217","url":"/products/laptops","referrer":"/","ua":"Mozilla/5.0 …","ts":1730638574123}`
///
/// Each device slot is a browsing seat: a user's session is a run of page views whose `url`s
/// follow Zipf popularity over `ClickstreamSiteMap`; the first page's `referrer` is an external
/// source (search, social, newsletter, or empty for direct traffic) and each later page's
/// `referrer` is the previous `url` of the session (both as paths). A session ends after a
/// view with the usual exit probability or after 30 minutes of inactivity; the seat then goes
/// to another user, sometimes a returning one (same `user_id`, same browser).
public struct ClickstreamGenerator: EventGenerator {
    public static let defaultTopic = "clickstream"
    /// Chance that a session ends after any page view (mean session ≈ 4 pages).
    static let exitProbability = 0.25
    static let sessionTimeoutMilliseconds: Int64 = 30 * 60 * 1000
    static let returningUserProbability = 0.3

    public let topic: String
    public var devices: Int { seats.count }
    public var topics: [String] { [topic] }
    private var seats: [BrowsingSeat]
    private let userPoolSize: Int

    public init(seed: UInt64, devices: Int = 50, topic: String = ClickstreamGenerator.defaultTopic) throws(SimulationError) {
        let count = try Self.checkedDevices(devices)
        self.topic = topic
        userPoolSize = max(count * 20, 100)
        seats = (0..<count).map { index in
            BrowsingSeat(random: SimulationRandom(seed: seed, stream: 0x3000_0000 + UInt64(index)), firstUser: index)
        }
    }

    public mutating func nextEvent(device: Int, at time: Timestamp) -> SimulatedEvent {
        let index = device.wrapped(into: seats.count)
        let view = seats[index].nextView(at: time, userPoolSize: userPoolSize)
        var json = JSONWriter(capacity: 320)
        json.field("event_id", uuidHigh: view.eventIDHigh, low: view.eventIDLow)
        json.field("user_id", encoded: seats[index].encodedUser)
        json.field("url", encoded: ClickstreamSiteMap.encodedPages[view.page])
        json.field("referrer", encoded: view.referrer)
        json.field("ua", encoded: ClickstreamSiteMap.encodedUserAgents[seats[index].userAgent])
        json.field("ts", time.milliseconds)
        return SimulatedEvent(topic: topic, key: seats[index].keyBytes, value: json.finish(), eventTime: time)
    }
}

/// One seat's current user and session; owned by its `ClickstreamGenerator`.
struct BrowsingSeat: Sendable {
    struct View {
        var eventIDHigh: UInt64
        var eventIDLow: UInt64
        var page: Int
        var referrer: [UInt8]
    }

    var random: SimulationRandom
    var userNumber: Int
    var encodedUser: [UInt8] = []
    var keyBytes: [UInt8] = []
    var userAgent = 0
    var currentPage: Int?
    /// The last view was the session's last; the seat changes user before the next one, so
    /// the view itself is still sent under the user who made it.
    var exiting = false
    var lastMilliseconds: Int64 = .min

    init(random: SimulationRandom, firstUser: Int) {
        self.random = random
        userNumber = firstUser + 1
        adoptUser(userNumber)
    }

    /// A user's browser is a function of the user, so a returning user keeps it.
    mutating func adoptUser(_ number: Int) {
        userNumber = number
        let id = "user-" + JSONWriter.decimal(UInt64(number), digits: 6)
        encodedUser = JSONWriter.encodedString(id)
        keyBytes = Array(id.utf8)
        var userRandom = SimulationRandom(seed: UInt64(number), stream: 0x0A6E_0000)
        userAgent = userRandom.weightedIndex(ClickstreamSiteMap.userAgentWeights)
    }

    mutating func nextView(at time: Timestamp, userPoolSize: Int) -> View {
        let ms = time.milliseconds
        if exiting || (currentPage != nil && ms - lastMilliseconds > ClickstreamGenerator.sessionTimeoutMilliseconds) {
            endSession(userPoolSize: userPoolSize)
        }
        lastMilliseconds = max(lastMilliseconds, ms)
        var page = ClickstreamSiteMap.popularPage(&random)
        let referrer: [UInt8]
        if let previous = currentPage {
            // Reloading the same page is rare; draw once more to mostly move on.
            if page == previous { page = ClickstreamSiteMap.popularPage(&random) }
            referrer = ClickstreamSiteMap.encodedPages[previous]
        } else {
            referrer = ClickstreamSiteMap.encodedReferrers[
                random.weightedIndex(ClickstreamSiteMap.referrerWeights)]
        }
        let view = View(eventIDHigh: random.next(), eventIDLow: random.next(), page: page, referrer: referrer)
        currentPage = page
        exiting = random.chance(ClickstreamGenerator.exitProbability)
        return view
    }

    private mutating func endSession(userPoolSize: Int) {
        currentPage = nil
        exiting = false
        if random.chance(ClickstreamGenerator.returningUserProbability) {
            adoptUser(1 + random.int(below: userPoolSize))
        } else {
            adoptUser(userPoolSize + 1 + random.int(below: 899_999 - userPoolSize))
        }
    }
}
