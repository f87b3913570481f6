import Synchronization

/// Records of one partition from one fetch, tagged with the partition's epoch at fetch time.
struct FetchedChunk: Sendable {
    var topicPartition: TopicPartition
    var epoch: UInt64
    var records: [ConsumerRecord]
}

/// The bounded queue between the fetcher and the application: the fetcher waits when
/// `capacity` chunks are waiting (back-pressure), the iterator waits when none are.
final class FetchBuffer: Sendable {
    private struct State {
        var chunks: [FetchedChunk] = []
        var head = 0
        var finished = false
        var failure: KafkaClientError?
        var reader: CheckedContinuation<Void, Never>?
        var writers: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Waits for room, then enqueues. Returns false when the buffer was finished.
    func push(_ chunk: FetchedChunk) async -> Bool {
        while true {
            let (accepted, full, reader) = state.withLock { state -> (Bool, Bool, CheckedContinuation<Void, Never>?) in
                if state.finished { return (false, false, nil) }
                guard state.chunks.count - state.head < capacity else { return (false, true, nil) }
                state.chunks.append(chunk)
                defer { state.reader = nil }
                return (true, false, state.reader)
            }
            reader?.resume()
            if !full { return accepted }
            await withCheckedContinuation { continuation in
                let wake = state.withLock { state -> Bool in
                    if state.finished || state.chunks.count - state.head < capacity { return true }
                    state.writers.append(continuation)
                    return false
                }
                if wake { continuation.resume() }
            }
        }
    }

    /// The next chunk; nil once finished and drained. Throws the failure that finished it.
    func next() async throws(KafkaClientError) -> FetchedChunk? {
        while true {
            let (chunk, writers, done, failure) = state.withLock { state in
                if state.head < state.chunks.count {
                    let chunk = state.chunks[state.head]
                    state.chunks[state.head].records = []  // the reader then owns the only reference
                    state.head += 1
                    if state.head > 64, state.head * 2 > state.chunks.count {
                        state.chunks.removeFirst(state.head)
                        state.head = 0
                    }
                    defer { state.writers.removeAll() }
                    return (Optional(chunk), state.writers, false, KafkaClientError?.none)
                }
                return (nil, [], state.finished, state.failure)
            }
            for writer in writers { writer.resume() }
            if let chunk { return chunk }
            if let failure { throw failure }
            if done { return nil }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ready = state.withLock { state -> Bool in
                        if state.head < state.chunks.count || state.finished { return true }
                        state.reader = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                self.finish(failure: nil, onlyWake: true)
            }
            if Task.isCancelled { return nil }
        }
    }

    /// Ends the stream (after what is queued) and releases everyone waiting.
    func finish(failure: KafkaClientError? = nil, onlyWake: Bool = false) {
        let (reader, writers) = state.withLock { state in
            if !onlyWake {
                state.finished = true
                if state.failure == nil { state.failure = failure }
            }
            defer {
                state.reader = nil
                state.writers.removeAll()
            }
            return (state.reader, state.writers)
        }
        reader?.resume()
        for writer in writers { writer.resume() }
    }

    /// Drops queued chunks (they will be recognised as stale anyway) to free memory now.
    func removeAll() {
        let writers = state.withLock { state in
            state.chunks = []
            state.head = 0
            defer { state.writers.removeAll() }
            return state.writers
        }
        for writer in writers { writer.resume() }
    }
}
