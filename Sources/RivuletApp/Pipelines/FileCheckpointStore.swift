import RivuletCore
import StreamEngine

/// A pipeline's checkpoint on disk: `data/checkpoints/<pipeline>/state.ckpt`, replaced
/// atomically (temp file, fsync, rename) so a crash leaves the previous checkpoint or the new
/// one. One file rather than one directory per epoch: only the latest is ever needed, and the
/// codec's own CRC and fingerprint catch damage and incompatible pipelines.
/// Windowed pipelines save `CheckpointCodec` bytes, pass-through pipelines `PassThroughCodec`
/// bytes. Beside it: `txn-app-id` (the Delta txn appId), `staging/` (epochs prepared but not
/// yet committed) and, for a directory source, `files` (each file read and its offsets).
/// `rivulet clean --checkpoints --pipeline NAME` removes the directory.
public struct FileCheckpointStore: CheckpointStore {
    public let directory: String
    public var path: String { directory + "/state.ckpt" }

    public init(directory: String) { self.directory = directory }

    public func load() async throws -> [UInt8]? { try AtomicFile.read(path) }

    public func save(_ bytes: [UInt8]) async throws { try AtomicFile.write(bytes, to: path) }
}
