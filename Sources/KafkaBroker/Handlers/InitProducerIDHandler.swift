import KafkaProtocol

/// InitProducerId for idempotent producers: a fresh producer ID at epoch 0, or, when a
/// producer asks to bump its epoch after an error (KIP-360, v3+), the same ID one epoch up;
/// an exhausted epoch gets a fresh ID instead.
///
/// Transactions are not supported: a transactional ID is answered UNSUPPORTED_VERSION, the
/// nearest code Kafka has for "this broker does not do that", so the client fails at once
/// instead of retrying.
struct InitProducerIDHandler {
    let context: BrokerContext

    func handle(_ request: InitProducerIDRequest, version: Int16) -> InitProducerIDResponse {
        if let transactionalID = request.transactionalID, !transactionalID.isEmpty {
            return InitProducerIDResponse(errorCode: KafkaErrorCode.unsupportedVersion.rawValue, producerID: -1, producerEpoch: -1)
        }
        if request.producerID >= 0, request.producerEpoch >= 0, request.producerEpoch < Int16.max - 1 {
            return InitProducerIDResponse(producerID: request.producerID, producerEpoch: request.producerEpoch + 1)
        }
        return InitProducerIDResponse(producerID: context.producerIDs.allocate(), producerEpoch: 0)
    }
}
