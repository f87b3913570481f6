import KafkaProtocol

/// A value or the Kafka error code to answer with. Like `Result`, but error codes are data
/// in responses, not thrown errors (STYLE "Errors"), so `KafkaErrorCode` is not an `Error`.
enum KafkaOutcome<Value> {
    case success(Value)
    case failure(KafkaErrorCode)
}

extension KafkaOutcome: Sendable where Value: Sendable {}
