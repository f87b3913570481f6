/// Replaces one small file atomically (seed 000's `aggregates/latest.json`): the bytes go to
/// a temporary file beside it, which is renamed over the old one, so a reader sees the
/// previous document or the new one, never a partial write.
public struct SnapshotFileWriter: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func write(_ bytes: [UInt8]) throws {
        try FileIO.createDirectories(FileIO.directory(of: path))
        // Rewritten up to ten times a second and rebuilt from the engine's state after a crash,
        // so it is replaced atomically but not fsynced: an fsync here would stall the pipeline.
        try FileIO.replace(bytes, at: path)
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }
}
