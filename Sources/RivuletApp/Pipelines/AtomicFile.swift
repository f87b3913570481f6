import Foundation
import RivuletCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small durable files for the pipeline runtime (checkpoints, staging manifests): written to
/// a temporary name, fsynced, renamed over the target, and the directory fsynced, so after a
/// crash a reader finds the old bytes or the new ones, never a mix.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try createDirectory(directory)
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure("create", temp) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                raw.baseAddress.map { posixWrite(fd, $0 + written, bytes.count - written) } ?? 0
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                close(fd)
                unlink(temp)
                throw failure("write", temp)
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            close(fd)
            unlink(temp)
            throw failure("fsync", temp)
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw failure("rename", path)
        }
        syncDirectory(directory)
    }

    private static func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, p, n)
        #else
        Darwin.write(fd, p, n)
        #endif
    }

    static func read(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("read", path) }
        return [UInt8](data)
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("remove", path) }
    }

    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RivuletError(.io, "cannot create directory \(path)", cause: error)
        }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func failure(_ what: String, _ path: String) -> RivuletError {
        RivuletError(.io, "cannot \(what) \(path): \(String(cString: strerror(errno)))")
    }
}
