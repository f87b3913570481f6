import Testing
@testable import Simulation

@Suite struct ClickstreamGeneratorTests {
    @Test func urlsFollowZipfPopularity() throws {
        var generator = try ClickstreamGenerator(seed: 8, devices: 50)
        var counts: [String: Int] = [:]
        for event in generate(&generator, count: 50_000, stepMilliseconds: 20) {
            counts[try parsed(event).string("url"), default: 0] += 1
        }
        let sorted = counts.values.sorted(by: >)
        #expect(counts.count >= 35)
        let top = sorted[0], median = sorted[sorted.count / 2]
        #expect(top > 10 * median, "top \(top), median \(median)")
        #expect(counts["/"] == top)
    }

    @Test func referrerIsThePreviousPageOfTheSessionOrExternal() throws {
        var generator = try ClickstreamGenerator(seed: 9, devices: 1)
        var previous: (user: String, url: String)?
        var internalCount = 0, external = 0, users = Set<String>()
        for event in generate(&generator, count: 5_000, stepMilliseconds: 15_000) {
            let json = try parsed(event)
            let referrer = json.string("referrer"), user = json.string("user_id")
            users.insert(user)
            #expect(event.key == Array(user.utf8))
            if referrer.hasPrefix("/") {
                internalCount += 1
                #expect(previous?.user == user && previous?.url == referrer)
            } else {
                external += 1
                #expect(referrer.isEmpty || referrer.hasPrefix("https://"))
            }
            previous = (user, json.string("url"))
        }
        #expect(internalCount > external)  // sessions average about four pages
        #expect(external > 500)
        #expect(users.count > 100)
    }

    @Test func userAgentIsStablePerUserAndEventIDsUnique() throws {
        var generator = try ClickstreamGenerator(seed: 10, devices: 20)
        var agents: [String: String] = [:]
        var ids = Set<String>()
        for event in generate(&generator, count: 20_000) {
            let json = try parsed(event)
            let user = json.string("user_id"), ua = json.string("ua")
            if let known = agents[user] { #expect(known == ua) }
            agents[user] = ua
            ids.insert(json.string("event_id"))
        }
        #expect(ids.count == 20_000)
        #expect(Set(agents.values).count >= 5)
    }
}
