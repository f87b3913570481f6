/// Who sent the request being handled: the Kafka request header's client id and the peer's
/// address. `GroupAPIHandling` methods take only the request body, so the router supplies
/// these around its call:
///
/// ```swift
/// await GroupRequestContext.$current.withValue(.init(clientID: header.clientID ?? "", clientHost: "/127.0.0.1")) {
///     await groups.joinGroup(request, version: version)
/// }
/// ```
///
/// The coordinator uses them for new member ids (`<clientID>-<uuid>`, as Kafka) and for
/// DescribeGroups; without them members get ids of the form `-<uuid>` and an empty host.
public struct GroupRequestContext: Hashable, Sendable {
    public var clientID: String
    public var clientHost: String

    public init(clientID: String = "", clientHost: String = "") {
        self.clientID = clientID
        self.clientHost = clientHost
    }

    @TaskLocal public static var current = GroupRequestContext()
}
