/// Told about assignment changes of a group consumer, in the consumer's group task, which
/// waits for each call to return: `partitionsRevoked` runs before the consumer rejoins the
/// group, so the application can checkpoint what it owns before another member takes it;
/// `partitionsAssigned` runs once the new assignment is known, before records of it are handed
/// out in a way the application cannot tell apart (seek there to start where you left off).
/// `partitionsLost` replaces `partitionsRevoked` when the group has already moved on (this
/// member was fenced or its session expired): another member may own them now, so commit
/// nothing for them.
public protocol ConsumerRebalanceListener: Sendable {
    func partitionsRevoked(_ partitions: [TopicPartition]) async
    func partitionsAssigned(_ partitions: [TopicPartition]) async
    func partitionsLost(_ partitions: [TopicPartition]) async
}
