import KafkaProtocol

/// FindCoordinator: this broker coordinates every group (key type 0) and transactional ID
/// (key type 1). v4 batches keys (KIP-699).
struct FindCoordinatorHandler {
    let context: BrokerContext

    func handle(_ request: FindCoordinatorRequest, version: Int16) -> FindCoordinatorResponse {
        let endpoint = context.endpoint
        let port = Int32(clamping: endpoint.port)
        guard request.keyType == 0 || request.keyType == 1 else {
            let code = KafkaErrorCode.invalidRequest.rawValue
            let message = "key type \(request.keyType) is neither a group (0) nor a transaction (1)"
            return FindCoordinatorResponse(
                errorCode: code, errorMessage: message, nodeID: -1, host: "", port: -1,
                coordinators: request.coordinatorKeys.map {
                    .init(key: $0, nodeID: -1, host: "", port: -1, errorCode: code, errorMessage: message)
                })
        }
        if version >= 4 {
            return FindCoordinatorResponse(
                errorMessage: nil,
                coordinators: request.coordinatorKeys.map {
                    .init(key: $0, nodeID: context.nodeID, host: endpoint.host, port: port, errorCode: 0, errorMessage: nil)
                })
        }
        return FindCoordinatorResponse(errorMessage: nil, nodeID: context.nodeID, host: endpoint.host, port: port)
    }
}
