/// The injected `Clock<Duration>`, seen as `GroupInstant`s since the coordinator started.
/// Opening the existential once here keeps the coordinator and state machines non-generic.
struct GroupClock: Sendable {
    let now: @Sendable () -> GroupInstant
    let sleepUntil: @Sendable (GroupInstant) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        now = { GroupInstant(origin.duration(to: clock.now)) }
        sleepUntil = { deadline in try await clock.sleep(until: origin.advanced(by: deadline.sinceOrigin), tolerance: nil) }
    }
}
