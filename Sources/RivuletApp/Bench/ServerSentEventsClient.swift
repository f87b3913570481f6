import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client for one Server-Sent Events stream, for `rivulet bench e2e`: it
/// hands each event's data to `onEvent` as soon as the bytes arrive, until the server ends the
/// stream or `onEvent` returns false.
enum ServerSentEventsClient {
    static func stream(
        host: String, port: Int, path: String, onEvent: (_ data: [UInt8]) -> Bool
    ) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: "\(host):\(port)")
            headers.add(name: "Accept", value: "text/event-stream")
            try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)))
            try await outbound.write(.end(nil))
            var parser = ServerSentEventParser()
            for try await part in inbound {
                guard case .body(let buffer) = part else { continue }
                for data in parser.feed(buffer.readableBytesView) where !onEvent(data) { return }
            }
        }
    }
}

/// Splits an SSE byte stream into events' data (the `data:` lines joined with "\n");
/// comments and other fields are skipped. Lines end with "\n" (what the dashboard writes).
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
        var events: [[UInt8]] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                line.append(byte)
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.isEmpty {
                if hasData { events.append(data) }
                data.removeAll(keepingCapacity: true)
                hasData = false
            } else if line.starts(with: Array("data:".utf8)) {
                var value = line.dropFirst(5)
                if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
                if hasData { data.append(UInt8(ascii: "\n")) }
                data += value
                hasData = true
            }
            line.removeAll(keepingCapacity: true)
        }
        return events
    }
}
