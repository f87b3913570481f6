import Foundation

/// Stores the blobs events refer to (camera snapshots). Injected into the produce loop so
/// that tests keep them in memory and `rivulet up` writes them under the lake.
public protocol BlobWriter: Sendable {
    func write(_ blob: SimulatedBlob) throws(SimulationError)
}

/// Writes blobs to `<lake root>/_objects/<blob path>` (DESIGN §3), creating directories as
/// needed. A blob is written to a temporary name and renamed, so a reader following the URL
/// sees either nothing or the whole file.
public struct FileBlobWriter: BlobWriter {
    /// The `_objects` directory under the lake root.
    public let objectsDirectory: String

    public init(lakeRoot: String) {
        objectsDirectory = lakeRoot + "/" + SimulationFormat.objectsDirectoryName
    }

    /// Where a blob with this relative path is stored.
    public func filePath(for blobPath: String) -> String { objectsDirectory + "/" + blobPath }

    public func write(_ blob: SimulatedBlob) throws(SimulationError) {
        // Paths come from our generators, but refuse anything that could leave the directory.
        guard !blob.path.hasPrefix("/"), !blob.path.split(separator: "/").contains("..") else {
            throw SimulationError(.invalidParameter, "blob path \(blob.path) must stay inside \(objectsDirectory)")
        }
        let target = filePath(for: blob.path)
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = target + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(blob.bytes).write(to: URL(fileURLWithPath: temporary))
            // rename(2) replaces an existing file atomically (a duplicate event rewrites the same blob).
            guard rename(temporary, target) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target, "errno": errno])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw SimulationError(.io, "could not write \(target); check that the lake directory is writable", cause: error)
        }
    }
}
