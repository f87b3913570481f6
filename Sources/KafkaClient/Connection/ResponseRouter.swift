import KafkaProtocol
import NIOCore
import Synchronization

/// The in-flight request map of one connection: correlation ID → promise of the response
/// frame. Requests register before they are written, so a response can never arrive for an
/// unknown ID unless its request timed out (then it is dropped). When the connection dies,
/// every waiting request fails with `.connectionFailed`, which is retriable.
///
/// Owned by one `FramedConnection`; the NIO handler calls `deliver` and `closed` on the
/// event loop, request tasks call `register` and `fail` from anywhere.
final class ResponseRouter: Sendable {
    private struct State {
        var nextCorrelationID: Int32 = 1
        var pending: [Int32: EventLoopPromise<ByteBuffer>] = [:]
        var closedError: KafkaClientError?
    }

    private let state = Mutex(State())
    let description: String

    init(description: String) {
        self.description = description
    }

    /// A fresh correlation ID, with `promise` (if any) waiting for its response.
    func register(_ promise: EventLoopPromise<ByteBuffer>?) throws(KafkaClientError) -> Int32 {
        let result: Result<Int32, KafkaClientError> = state.withLock { state in
            if let error = state.closedError { return .failure(error) }
            let id = state.nextCorrelationID
            // Wrap before Int32.max; IDs only need to be unique among in-flight requests.
            state.nextCorrelationID = id == Int32.max ? 1 : id + 1
            if let promise { state.pending[id] = promise }
            return .success(id)
        }
        return try result.get()
    }

    /// A response frame (header included) arrived.
    func deliver(_ frame: ByteBuffer) {
        guard let id = frame.getInteger(at: frame.readerIndex, as: Int32.self) else { return }
        let promise = state.withLock { $0.pending.removeValue(forKey: id) }
        promise?.succeed(frame)
    }

    /// Fails one request (it timed out); a late response for it will be dropped.
    func fail(_ id: Int32, _ error: KafkaClientError) {
        let promise = state.withLock { $0.pending.removeValue(forKey: id) }
        promise?.fail(error)
    }

    /// The connection is gone: fail everything waiting and refuse new requests.
    func closed(_ error: KafkaClientError) {
        let promises = state.withLock { state -> [EventLoopPromise<ByteBuffer>] in
            if state.closedError == nil { state.closedError = error }
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for promise in promises { promise.fail(error) }
    }

    var isClosed: Bool { state.withLock { $0.closedError != nil } }
    var inFlightCount: Int { state.withLock { $0.pending.count } }
}

/// Splits inbound bytes into frames and hands them to the router; reports the channel's end.
final class KafkaResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var decoder: KafkaFrameDecoder
    private let router: ResponseRouter

    init(router: ResponseRouter, maxFrameBytes: Int) {
        self.router = router
        self.decoder = KafkaFrameDecoder(maxFrameBytes: maxFrameBytes, growthStepBytes: 64 * 1024 * 1024)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        decoder.append(unwrapInboundIn(data))
        do {
            while let frame = try decoder.nextFrame() { router.deliver(frame) }
        } catch {
            router.closed(
                KafkaClientError(.protocolError, "response from \(router.description) is not a Kafka frame", cause: error))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        router.closed(KafkaClientError(.connectionFailed, "connection to \(router.description) closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        router.closed(KafkaClientError(.connectionFailed, "connection to \(router.description) failed", cause: error))
        context.close(promise: nil)
    }
}
