import Foundation

/// The persisted list of topics with their partition counts and configs:
/// `data/log/__topics.json`, rewritten atomically on every change.
struct TopicCatalog: Codable, Equatable, Sendable {
    struct Entry: Codable, Equatable, Sendable {
        var partitions: Int32
        var configuration: LogTopicConfiguration
    }

    var topics: [String: Entry] = [:]

    static let fileName = "__topics.json"

    static func load(directory: String) throws -> TopicCatalog {
        let path = directory + "/" + fileName
        guard FileSystem.exists(path) else { return TopicCatalog() }
        let bytes = try FileSystem.readAll(path, limit: 64 << 20)
        do {
            return try JSONDecoder().decode(TopicCatalog.self, from: Data(bytes))
        } catch {
            throw LogStoreError(.corruptSegment, "\(path) is not a valid topic catalog; restore it or delete it to rediscover topics from their folders", cause: error)
        }
    }

    func save(directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw LogStoreError(.io, "could not encode the topic catalog", cause: error)
        }
        try FileSystem.writeAtomically(Array(data), to: directory + "/" + Self.fileName)
    }
}
