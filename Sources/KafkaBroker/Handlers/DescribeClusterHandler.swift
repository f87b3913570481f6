import KafkaProtocol

/// DescribeCluster: one broker, which is also the controller.
struct DescribeClusterHandler {
    let context: BrokerContext

    func handle(_ request: DescribeClusterRequest, version: Int16) -> DescribeClusterResponse {
        let endpoint = context.endpoint
        var response = DescribeClusterResponse(
            errorCode: 0, errorMessage: nil, endpointType: request.endpointType, clusterID: context.configuration.clusterID,
            controllerID: context.nodeID,
            brokers: [.init(brokerID: context.nodeID, host: endpoint.host, port: Int32(clamping: endpoint.port), rack: nil)])
        if request.includeClusterAuthorizedOperations {
            response.clusterAuthorizedOperations = AuthorizedOperations.cluster
        }
        return response
    }
}
