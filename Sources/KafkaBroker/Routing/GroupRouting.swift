import KafkaProtocol

/// Hands the group and offset APIs to the attached coordinator.
enum GroupRouting {
    /// Nil when `body` is not a group API (a routing bug, answered by closing rather than trapping).
    static func call(_ groups: any GroupAPIHandling, _ body: KafkaRequestBody, version: Int16) async -> KafkaResponseBody? {
        switch body {
        case .joinGroup(let request): .joinGroup(await groups.joinGroup(request, version: version))
        case .syncGroup(let request): .syncGroup(await groups.syncGroup(request, version: version))
        case .heartbeat(let request): .heartbeat(await groups.heartbeat(request, version: version))
        case .leaveGroup(let request): .leaveGroup(await groups.leaveGroup(request, version: version))
        case .listGroups(let request): .listGroups(await groups.listGroups(request, version: version))
        case .describeGroups(let request): .describeGroups(await groups.describeGroups(request, version: version))
        case .deleteGroups(let request): .deleteGroups(await groups.deleteGroups(request, version: version))
        case .offsetCommit(let request): .offsetCommit(await groups.offsetCommit(request, version: version))
        case .offsetFetch(let request): .offsetFetch(await groups.offsetFetch(request, version: version))
        default: nil
        }
    }
}
