/// A Kafka error code as carried in responses (protocol.html, "Error Codes").
///
/// A struct rather than an enum because peers may send codes newer than this table; those keep
/// their number and print as `UNKNOWN(<code>)`. Handlers return these as data (STYLE "Errors").
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int16

    public init(rawValue: Int16) { self.rawValue = rawValue }
    public init(_ rawValue: Int16) { self.rawValue = rawValue }

    public static let none = KafkaErrorCode(0)
    public static let offsetOutOfRange = KafkaErrorCode(1)
    public static let corruptMessage = KafkaErrorCode(2)
    public static let unknownTopicOrPartition = KafkaErrorCode(3)
    public static let invalidFetchSize = KafkaErrorCode(4)
    public static let leaderNotAvailable = KafkaErrorCode(5)
    public static let notLeaderOrFollower = KafkaErrorCode(6)
    public static let requestTimedOut = KafkaErrorCode(7)
    public static let brokerNotAvailable = KafkaErrorCode(8)
    public static let replicaNotAvailable = KafkaErrorCode(9)
    public static let messageTooLarge = KafkaErrorCode(10)
    public static let offsetMetadataTooLarge = KafkaErrorCode(12)
    public static let networkException = KafkaErrorCode(13)
    public static let coordinatorLoadInProgress = KafkaErrorCode(14)
    public static let coordinatorNotAvailable = KafkaErrorCode(15)
    public static let notCoordinator = KafkaErrorCode(16)
    public static let invalidTopicException = KafkaErrorCode(17)
    public static let recordListTooLarge = KafkaErrorCode(18)
    public static let notEnoughReplicas = KafkaErrorCode(19)
    public static let notEnoughReplicasAfterAppend = KafkaErrorCode(20)
    public static let invalidRequiredAcks = KafkaErrorCode(21)
    public static let illegalGeneration = KafkaErrorCode(22)
    public static let inconsistentGroupProtocol = KafkaErrorCode(23)
    public static let invalidGroupID = KafkaErrorCode(24)
    public static let unknownMemberID = KafkaErrorCode(25)
    public static let invalidSessionTimeout = KafkaErrorCode(26)
    public static let rebalanceInProgress = KafkaErrorCode(27)
    public static let invalidCommitOffsetSize = KafkaErrorCode(28)
    public static let topicAuthorizationFailed = KafkaErrorCode(29)
    public static let groupAuthorizationFailed = KafkaErrorCode(30)
    public static let clusterAuthorizationFailed = KafkaErrorCode(31)
    public static let invalidTimestamp = KafkaErrorCode(32)
    public static let unsupportedSaslMechanism = KafkaErrorCode(33)
    public static let illegalSaslState = KafkaErrorCode(34)
    public static let unsupportedVersion = KafkaErrorCode(35)
    public static let topicAlreadyExists = KafkaErrorCode(36)
    public static let invalidPartitions = KafkaErrorCode(37)
    public static let invalidReplicationFactor = KafkaErrorCode(38)
    public static let invalidReplicaAssignment = KafkaErrorCode(39)
    public static let invalidConfig = KafkaErrorCode(40)
    public static let notController = KafkaErrorCode(41)
    public static let invalidRequest = KafkaErrorCode(42)
    public static let unsupportedForMessageFormat = KafkaErrorCode(43)
    public static let policyViolation = KafkaErrorCode(44)
    public static let outOfOrderSequenceNumber = KafkaErrorCode(45)
    public static let duplicateSequenceNumber = KafkaErrorCode(46)
    public static let invalidProducerEpoch = KafkaErrorCode(47)
    public static let invalidTxnState = KafkaErrorCode(48)
    public static let invalidProducerIDMapping = KafkaErrorCode(49)
    public static let invalidTransactionTimeout = KafkaErrorCode(50)
    public static let concurrentTransactions = KafkaErrorCode(51)
    public static let transactionCoordinatorFenced = KafkaErrorCode(52)
    public static let transactionalIDAuthorizationFailed = KafkaErrorCode(53)
    public static let securityDisabled = KafkaErrorCode(54)
    public static let operationNotAttempted = KafkaErrorCode(55)
    public static let kafkaStorageError = KafkaErrorCode(56)
    public static let logDirNotFound = KafkaErrorCode(57)
    public static let saslAuthenticationFailed = KafkaErrorCode(58)
    public static let unknownProducerID = KafkaErrorCode(59)
    public static let reassignmentInProgress = KafkaErrorCode(60)
    public static let nonEmptyGroup = KafkaErrorCode(68)
    public static let groupIDNotFound = KafkaErrorCode(69)
    public static let fetchSessionIDNotFound = KafkaErrorCode(70)
    public static let invalidFetchSessionEpoch = KafkaErrorCode(71)
    public static let listenerNotFound = KafkaErrorCode(72)
    public static let topicDeletionDisabled = KafkaErrorCode(73)
    public static let fencedLeaderEpoch = KafkaErrorCode(74)
    public static let unknownLeaderEpoch = KafkaErrorCode(75)
    public static let unsupportedCompressionType = KafkaErrorCode(76)
    public static let staleBrokerEpoch = KafkaErrorCode(77)
    public static let offsetNotAvailable = KafkaErrorCode(78)
    public static let memberIDRequired = KafkaErrorCode(79)
    public static let preferredLeaderNotAvailable = KafkaErrorCode(80)
    public static let groupMaxSizeReached = KafkaErrorCode(81)
    public static let fencedInstanceID = KafkaErrorCode(82)
    public static let groupSubscribedToTopic = KafkaErrorCode(86)
    public static let invalidRecord = KafkaErrorCode(87)
    public static let unstableOffsetCommit = KafkaErrorCode(88)
    public static let throttlingQuotaExceeded = KafkaErrorCode(89)
    public static let producerFenced = KafkaErrorCode(90)
    public static let resourceNotFound = KafkaErrorCode(91)
    public static let duplicateResource = KafkaErrorCode(92)
    public static let unknownTopicID = KafkaErrorCode(100)
    public static let inconsistentTopicID = KafkaErrorCode(103)
    public static let transactionalIDNotFound = KafkaErrorCode(105)
    public static let fetchSessionTopicIDError = KafkaErrorCode(106)
    public static let unknownServerError = KafkaErrorCode(-1)

    /// Kafka's name for the code, e.g. `NOT_LEADER_OR_FOLLOWER`.
    public var name: String {
        switch rawValue {
        case 0: "NONE"
        case 1: "OFFSET_OUT_OF_RANGE"
        case 2: "CORRUPT_MESSAGE"
        case 3: "UNKNOWN_TOPIC_OR_PARTITION"
        case 4: "INVALID_FETCH_SIZE"
        case 5: "LEADER_NOT_AVAILABLE"
        case 6: "NOT_LEADER_OR_FOLLOWER"
        case 7: "REQUEST_TIMED_OUT"
        case 8: "BROKER_NOT_AVAILABLE"
        case 9: "REPLICA_NOT_AVAILABLE"
        case 10: "MESSAGE_TOO_LARGE"
        case 12: "OFFSET_METADATA_TOO_LARGE"
        case 13: "NETWORK_EXCEPTION"
        case 14: "COORDINATOR_LOAD_IN_PROGRESS"
        case 15: "COORDINATOR_NOT_AVAILABLE"
        case 16: "NOT_COORDINATOR"
        case 17: "INVALID_TOPIC_EXCEPTION"
        case 18: "RECORD_LIST_TOO_LARGE"
        case 19: "NOT_ENOUGH_REPLICAS"
        case 20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND"
        case 21: "INVALID_REQUIRED_ACKS"
        case 22: "ILLEGAL_GENERATION"
        case 23: "INCONSISTENT_GROUP_PROTOCOL"
        case 24: "INVALID_GROUP_ID"
        case 25: "UNKNOWN_MEMBER_ID"
        case 26: "INVALID_SESSION_TIMEOUT"
        case 27: "REBALANCE_IN_PROGRESS"
        case 28: "INVALID_COMMIT_OFFSET_SIZE"
        case 29: "TOPIC_AUTHORIZATION_FAILED"
        case 30: "GROUP_AUTHORIZATION_FAILED"
        case 31: "CLUSTER_AUTHORIZATION_FAILED"
        case 32: "INVALID_TIMESTAMP"
        case 33: "UNSUPPORTED_SASL_MECHANISM"
        case 34: "ILLEGAL_SASL_STATE"
        case 35: "UNSUPPORTED_VERSION"
        case 36: "TOPIC_ALREADY_EXISTS"
        case 37: "INVALID_PARTITIONS"
        case 38: "INVALID_REPLICATION_FACTOR"
        case 39: "INVALID_REPLICA_ASSIGNMENT"
        case 40: "INVALID_CONFIG"
        case 41: "NOT_CONTROLLER"
        case 42: "INVALID_REQUEST"
        case 43: "UNSUPPORTED_FOR_MESSAGE_FORMAT"
        case 44: "POLICY_VIOLATION"
        case 45: "OUT_OF_ORDER_SEQUENCE_NUMBER"
        case 46: "DUPLICATE_SEQUENCE_NUMBER"
        case 47: "INVALID_PRODUCER_EPOCH"
        case 48: "INVALID_TXN_STATE"
        case 49: "INVALID_PRODUCER_ID_MAPPING"
        case 50: "INVALID_TRANSACTION_TIMEOUT"
        case 51: "CONCURRENT_TRANSACTIONS"
        case 52: "TRANSACTION_COORDINATOR_FENCED"
        case 53: "TRANSACTIONAL_ID_AUTHORIZATION_FAILED"
        case 54: "SECURITY_DISABLED"
        case 55: "OPERATION_NOT_ATTEMPTED"
        case 56: "KAFKA_STORAGE_ERROR"
        case 57: "LOG_DIR_NOT_FOUND"
        case 58: "SASL_AUTHENTICATION_FAILED"
        case 59: "UNKNOWN_PRODUCER_ID"
        case 60: "REASSIGNMENT_IN_PROGRESS"
        case 68: "NON_EMPTY_GROUP"
        case 69: "GROUP_ID_NOT_FOUND"
        case 70: "FETCH_SESSION_ID_NOT_FOUND"
        case 71: "INVALID_FETCH_SESSION_EPOCH"
        case 72: "LISTENER_NOT_FOUND"
        case 73: "TOPIC_DELETION_DISABLED"
        case 74: "FENCED_LEADER_EPOCH"
        case 75: "UNKNOWN_LEADER_EPOCH"
        case 76: "UNSUPPORTED_COMPRESSION_TYPE"
        case 77: "STALE_BROKER_EPOCH"
        case 78: "OFFSET_NOT_AVAILABLE"
        case 79: "MEMBER_ID_REQUIRED"
        case 80: "PREFERRED_LEADER_NOT_AVAILABLE"
        case 81: "GROUP_MAX_SIZE_REACHED"
        case 82: "FENCED_INSTANCE_ID"
        case 86: "GROUP_SUBSCRIBED_TO_TOPIC"
        case 87: "INVALID_RECORD"
        case 88: "UNSTABLE_OFFSET_COMMIT"
        case 89: "THROTTLING_QUOTA_EXCEEDED"
        case 90: "PRODUCER_FENCED"
        case 91: "RESOURCE_NOT_FOUND"
        case 92: "DUPLICATE_RESOURCE"
        case 100: "UNKNOWN_TOPIC_ID"
        case 103: "INCONSISTENT_TOPIC_ID"
        case 105: "TRANSACTIONAL_ID_NOT_FOUND"
        case 106: "FETCH_SESSION_TOPIC_ID_ERROR"
        case -1: "UNKNOWN_SERVER_ERROR"
        default: "UNKNOWN(\(rawValue))"
        }
    }

    /// Whether the client may retry the same request (Kafka's RetriableException subclasses),
    /// usually after refreshing metadata or finding the coordinator again.
    public var isRetriable: Bool {
        switch rawValue {
        case 2, 3, 5, 6, 7, 9, 13, 14, 15, 16, 19, 20, 41, 51, 56,
            70, 71, 72, 74, 75, 78, 80, 88, 89, 100, 103, 106:
            true
        default: false
        }
    }

    public var description: String { "\(name) (\(rawValue))" }
}
