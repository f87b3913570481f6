import Synchronization

/// What an SSE subscriber receives: a new snapshot document, or a heartbeat that keeps
/// proxies from closing an idle stream and lets the server notice a client that left.
enum HubEvent: Sendable {
    case document([UInt8])
    case heartbeat
}

/// The dashboard's live state: the series built from snapshots so far and the SSE subscribers.
///
/// `DashboardService.run()` is the only caller of `publish`; request handlers read and
/// subscribe from any task, hence the mutex.
public final class DashboardHub: Sendable {
    private struct State {
        var history: SeriesHistory
        var latest: [UInt8]?
        var subscribers: [Int: AsyncStream<HubEvent>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state: Mutex<State>

    public init(seriesWindow: Duration = .seconds(30 * 60)) {
        state = Mutex(State(history: SeriesHistory(window: seriesWindow)))
    }

    /// Records a new snapshot document and pushes it to every SSE subscriber.
    public func publish(_ document: [UInt8]) {
        let subscribers = state.withLock { state -> [AsyncStream<HubEvent>.Continuation] in
            state.latest = document
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(.document(document)) }
        // Parsed for the series after the push, so the series never delays the live view.
        if let parsed = SnapshotDocument.parse(document) { state.withLock { $0.history.add(parsed) } }
    }

    /// Sends a heartbeat to every SSE subscriber.
    public func heartbeat() {
        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.yield(.heartbeat) }
    }

    /// Ends every SSE stream (shutdown); later subscribers get a finished stream.
    public func finish() {
        let subscribers = state.withLock { state -> [AsyncStream<HubEvent>.Continuation] in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// The newest document published, if any.
    public var latest: [UInt8]? { state.withLock { $0.latest } }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    var series: [DeviceSeries] { state.withLock { $0.history.series } }

    /// A stream of events. A slow client keeps only the newest few, never a backlog; more than
    /// one so that a heartbeat cannot displace a document not yet sent.
    /// The id is nil after `finish()`, when the stream is already finished.
    func subscribe() -> (id: Int?, documents: AsyncStream<HubEvent>) {
        let (stream, continuation) = AsyncStream.makeStream(of: HubEvent.self, bufferingPolicy: .bufferingNewest(4))
        let id = state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        if id == nil { continuation.finish() }
        return (id, stream)
    }

    func unsubscribe(_ id: Int) {
        let continuation = state.withLock { $0.subscribers.removeValue(forKey: id) }
        continuation?.finish()
    }
}
