import Testing
@testable import Simulation

@Suite struct EventScheduleTests {
    @Test func ratePerDeviceWithJitterBounds() throws {
        var schedule = try EventSchedule(rate: .perSecond(4), devices: 8, jitter: 0.3, seed: 1)
        var last: [Int: Int64] = [:]
        var previousDue: Int64 = 0
        var gaps: [Int64] = []
        for _ in 0..<80_000 {
            let slot = schedule.next()
            #expect(slot.dueNanoseconds >= previousDue)
            previousDue = slot.dueNanoseconds
            if let before = last[slot.device] { gaps.append(slot.dueNanoseconds - before) }
            last[slot.device] = slot.dueNanoseconds
        }
        #expect(gaps.allSatisfy { $0 >= 175_000_000 && $0 <= 325_000_000 })
        let mean = Double(gaps.reduce(0, +)) / Double(gaps.count)
        #expect(abs(mean - 250_000_000) < 2_000_000)
        // 8 devices × 4/s = 32 events per second overall.
        #expect(abs(Double(80_000) / (Double(previousDue) / 1e9) - 32) < 0.5)
        #expect(schedule.totalRate == 32)
    }

    @Test func metronomeWithoutJitter() throws {
        var schedule = try EventSchedule(rate: .perSecond(10), devices: 1, jitter: 0, seed: 1)
        let dues = (0..<5).map { _ in schedule.next().dueNanoseconds }
        #expect(zip(dues, dues.dropFirst()).allSatisfy { $1 - $0 == 100_000_000 })
    }

    @Test func maxRateIsRoundRobinAndDueNow() throws {
        var schedule = try EventSchedule(rate: .unlimited, devices: 3, jitter: 0.3, seed: 1)
        let slots = (0..<6).map { _ in schedule.next() }
        #expect(slots.map(\.device) == [0, 1, 2, 0, 1, 2])
        #expect(slots.allSatisfy { $0.due == .zero })
        #expect(schedule.totalRate == nil)
    }

    @Test func parsesRateArgumentsAndRejectsBadParameters() {
        #expect(EventSchedule.Rate(argument: "max") == .unlimited)
        #expect(EventSchedule.Rate(argument: "4.0") == .perSecond(4))
        #expect(EventSchedule.Rate(argument: "-1") == nil)
        #expect(EventSchedule.Rate(argument: "fast") == nil)
        #expect(throws: SimulationError.self) { try EventSchedule(rate: .perSecond(1), devices: 0, jitter: 0, seed: 1) }
        #expect(throws: SimulationError.self) { try EventSchedule(rate: .perSecond(1), devices: 1, jitter: 1.5, seed: 1) }
        #expect(throws: SimulationError.self) { try EventSchedule(rate: .perSecond(0), devices: 1, jitter: 0, seed: 1) }
    }
}
