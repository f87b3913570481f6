import KafkaClient
import NIOCore
import StreamEngine

/// The dead-letter topic on a remote cluster: the same records and headers as
/// `DeadLetterWriter`, sent through a `KafkaProducer` to the partition of their source
/// partition (modulo the topic's partitions). Sends are buffered; `flush()` before a
/// checkpoint makes them durable first, so a dead letter is never behind the offsets that
/// skip its record (at least once, like the embedded writer).
struct KafkaDeadLetterWriter: Sendable {
    let producer: KafkaProducer
    let topic: String
    let sourceTopic: String
    let partitions: Int32

    func write(_ letters: [DeadLetter]) async throws {
        for letter in letters.map(DeadLetterWriter.letter) {
            try await producer.sendAndForget(
                topic: topic, key: ByteBuffer?.none, value: ByteBuffer(bytes: letter.value),
                headers: DeadLetterWriter.headers(letter, sourceTopic: sourceTopic),
                partition: letter.partition % max(1, partitions))
        }
    }

    func flush() async throws { try await producer.flush() }
}
