import KafkaProtocol
import Logging
import NIOCore

/// Turns one request frame into a reply: decodes the header and body, calls the API's
/// handler and encodes its response with the right header version. Never throws and never
/// traps on the bytes: anything it cannot answer becomes `.close` with the reason.
///
/// Work with effects on the log (appends, topic changes, group calls) runs here, in the
/// connection's request order; only waiting is left to `.pending`.
struct KafkaRequestRouter: Sendable {
    let context: BrokerContext
    let apiVersions: ApiVersionsHandler

    init(context: BrokerContext) {
        self.context = context
        self.apiVersions = ApiVersionsHandler(servesGroups: context.groups != nil)
    }

    func route(_ frame: ByteBuffer) async -> RoutedRequest {
        var buffer = frame
        let header: RequestHeader
        do {
            header = try RequestHeader.decode(from: &buffer)
        } catch {
            return .finished(.close(reason: "unreadable request header: \(error)"))
        }
        guard let apiKey = header.knownApiKey, apiVersions.serves(apiKey) else {
            return .finished(.close(reason: "API key \(header.apiKey) is not served"))
        }
        if apiKey == .apiVersions {
            return .finished(answerApiVersions(header, body: &buffer))
        }
        guard apiKey.supported.versions.contains(header.apiVersion) else {
            return .finished(.close(reason: "\(apiKey) v\(header.apiVersion) is not supported"))
        }
        let body: KafkaRequestBody
        do {
            body = try KafkaRequestBody.decode(apiKey: apiKey, version: header.apiVersion, from: &buffer)
        } catch {
            return .finished(.close(reason: "malformed \(apiKey) v\(header.apiVersion) request: \(error)"))
        }
        return await dispatch(body, header: header)
    }

    private func answerApiVersions(_ header: RequestHeader, body: inout ByteBuffer) -> ConnectionReply {
        guard ApiKey.apiVersions.supported.versions.contains(header.apiVersion) else {
            return .frame(Self.encode(.apiVersions(apiVersions.unsupportedVersionResponse()), header: header, version: 0))
        }
        do {
            let request = try ApiVersionsRequest.decode(from: &body, version: header.apiVersion)
            let response = apiVersions.handle(request, version: header.apiVersion)
            return .frame(Self.encode(.apiVersions(response), header: header))
        } catch {
            var response = apiVersions.unsupportedVersionResponse()
            response.errorCode = KafkaErrorCode.invalidRequest.rawValue
            return .frame(Self.encode(.apiVersions(response), header: header))
        }
    }

    private func dispatch(_ body: KafkaRequestBody, header: RequestHeader) async -> RoutedRequest {
        let version = header.apiVersion
        let respond = { (response: KafkaResponseBody) in RoutedRequest.finished(.frame(Self.encode(response, header: header))) }
        switch body {
        case .produce(let request):
            return routeProduce(request, header: header)
        case .fetch(let request):
            let handler = FetchHandler(context: context)
            return .pending {
                return .gathered(Self.encodeFetch(await handler.handle(request, version: version), header: header))
            }
        case .listOffsets(let request):
            return respond(.listOffsets(ListOffsetsHandler(context: context).handle(request, version: version)))
        case .metadata(let request):
            return respond(.metadata(MetadataHandler(context: context).handle(request, version: version)))
        case .findCoordinator(let request):
            return respond(.findCoordinator(FindCoordinatorHandler(context: context).handle(request, version: version)))
        case .apiVersions(let request):
            return respond(.apiVersions(apiVersions.handle(request, version: version)))
        case .createTopics(let request):
            return respond(.createTopics(CreateTopicsHandler(context: context).handle(request, version: version)))
        case .deleteTopics(let request):
            return respond(.deleteTopics(DeleteTopicsHandler(context: context).handle(request, version: version)))
        case .initProducerID(let request):
            return respond(.initProducerID(InitProducerIDHandler(context: context).handle(request, version: version)))
        case .describeConfigs(let request):
            return respond(.describeConfigs(DescribeConfigsHandler(context: context).handle(request, version: version)))
        case .createPartitions(let request):
            return respond(.createPartitions(CreatePartitionsHandler(context: context).handle(request, version: version)))
        case .describeCluster(let request):
            return respond(.describeCluster(DescribeClusterHandler(context: context).handle(request, version: version)))
        case .joinGroup, .syncGroup, .heartbeat, .leaveGroup, .listGroups, .describeGroups, .deleteGroups,
            .offsetCommit, .offsetFetch:
            guard let groups = context.groups else {
                return .finished(.close(reason: "\(body.apiKey) needs a group coordinator and none is attached"))
            }
            // Member ids and DescribeGroups show the client's id and host, as in Kafka.
            let caller = GroupRequestContext(clientID: header.clientID ?? "", clientHost: GroupRequestContext.current.clientHost)
            let answer = await GroupRequestContext.$current.withValue(caller) {
                await GroupRouting.call(groups, body, version: version)
            }
            guard let response = answer else {
                return .finished(.close(reason: "\(body.apiKey) is not a group API"))
            }
            return respond(response)
        }
    }

    private func routeProduce(_ request: ProduceRequest, header: RequestHeader) -> RoutedRequest {
        let handler = ProduceHandler(context: context)
        let appended = handler.append(request, version: header.apiVersion)
        if request.acks == 0 {
            // No response is expected; a failure can only be signalled by closing, as Kafka does.
            return .finished(appended.hasErrors ? .close(reason: "an acks=0 produce failed") : .none)
        }
        if appended.durableWaits.isEmpty {
            return .finished(.frame(Self.encode(.produce(appended.response), header: header)))
        }
        return .pending { .frame(Self.encode(.produce(await handler.complete(appended)), header: header)) }
    }

    /// A size-prefixed response frame: size, response header, body.
    static func encode(_ response: KafkaResponseBody, header: RequestHeader, version: Int16? = nil) -> ByteBuffer {
        let version = version ?? header.apiVersion
        var buffer = frameStart(header: header, apiKey: response.apiKey, version: version)
        response.encode(into: &buffer, version: version)
        buffer.setInteger(Int32(truncatingIfNeeded: buffer.readableBytes - 4), at: buffer.readerIndex)
        return buffer
    }

    /// Record bytes at least this long go out as their own buffer; shorter ones are copied,
    /// which costs less than another buffer in the write.
    static let minimumUncopiedRecordBytes = 16 * 1024

    /// A Fetch response frame in parts: the encoded fields, and between them each partition's
    /// record bytes as the log read them, so that megabytes are not copied into a response
    /// buffer only to be copied again into the socket. The parts go out in one gathered write.
    static func encodeFetch(_ response: FetchResponse, header: RequestHeader) -> [ByteBuffer] {
        var parts: [ByteBuffer] = []
        var buffer = frameStart(header: header, apiKey: .fetch, version: header.apiVersion)
        response.encode(into: &buffer, version: header.apiVersion) { records, buffer in
            guard records.readableBytes >= minimumUncopiedRecordBytes else {
                return FetchResponse.copyRecords(records, into: &buffer)
            }
            parts.append(buffer)
            parts.append(records)
            buffer = ByteBuffer()
            buffer.reserveCapacity(256)
        }
        parts.append(buffer)
        let size = parts.reduce(0) { $0 + $1.readableBytes } - 4
        parts[0].setInteger(Int32(truncatingIfNeeded: size), at: parts[0].readerIndex)
        return parts
    }

    /// A frame's size placeholder and response header.
    private static func frameStart(header: RequestHeader, apiKey: ApiKey, version: Int16) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256)
        buffer.writeInteger(Int32(0))
        ResponseHeader(correlationID: header.correlationID)
            .encode(into: &buffer, headerVersion: apiKey.responseHeaderVersion(apiVersion: version))
        return buffer
    }
}
