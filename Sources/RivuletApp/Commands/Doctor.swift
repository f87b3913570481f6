import Foundation
import RivuletConfig
import RivuletCore

#if canImport(Glibc)
import Glibc
#endif

/// `rivulet doctor`: checks what `rivulet up` needs before it starts, each with a fix.
public struct Doctor: Sendable {
    public enum Status: String, Sendable { case ok, warn, fail }

    public struct Check: Sendable {
        public var name: String
        public var status: Status
        public var detail: String
    }

    public let config: RivuletConfiguration
    /// Below this much free space the data directory is a warning (segments are 256 MiB).
    public var minimumFreeBytes: Int64 = 1 << 30

    public init(config: RivuletConfiguration) { self.config = config }

    public func run() -> [Check] {
        var checks = [Check(name: "config", status: .ok, detail: "valid")]
        checks.append(dataDirectory())
        checks.append(diskSpace())
        if config.broker.mode == .embedded {
            checks.append(port("broker.listen", config.broker.listen))
        }
        checks.append(port("dashboard.listen", config.dashboard.listen))
        checks.append(Check(
            name: "crc32c", status: .ok,
            detail: CRC32C.hardwareAccelerated ? "SSE4.2 instruction" : "table implementation (no SSE4.2 on this CPU)"))
        return checks
    }

    func dataDirectory() -> Check {
        let root = config.dataDir
        let probe = root + "/.rivulet-doctor-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: probe, contents: Data("ok".utf8)) else {
                return Check(name: "data_dir", status: .fail, detail: "\(root) is not writable; choose another with --data-dir or fix its permissions")
            }
            try FileManager.default.removeItem(atPath: probe)
            return Check(name: "data_dir", status: .ok, detail: "\(root) is writable")
        } catch {
            return Check(name: "data_dir", status: .fail, detail: "\(root): \(error.localizedDescription); choose another with --data-dir")
        }
    }

    func diskSpace() -> Check {
        var stats = statvfs()
        guard statvfs(config.dataDir, &stats) == 0 else {
            return Check(name: "disk", status: .warn, detail: "could not read free space of \(config.dataDir)")
        }
        let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        let text = String(format: "%.1f GiB", Double(free) / Double(1 << 30))
        if free < minimumFreeBytes {
            return Check(name: "disk", status: .warn, detail: "only \(text) free under \(config.dataDir); lower broker.retention or free space")
        }
        return Check(name: "disk", status: .ok, detail: "\(text) free")
    }

    func port(_ key: String, _ address: HostPort) -> Check {
        switch PortProbe.isFree(host: address.host, port: address.port) {
        case .free:
            return Check(name: key, status: .ok, detail: "\(address) is free")
        case .inUse:
            return Check(name: key, status: .fail, detail: "\(address) is in use; stop the other process, or set \(key) in rivulet.yml or with its flag")
        case .invalid(let reason):
            return Check(name: key, status: .fail, detail: "\(address): \(reason)")
        }
    }
}

/// Asks the kernel whether a TCP port can be bound, without keeping it.
public enum PortProbe {
    public enum Result: Equatable, Sendable { case free, inUse, invalid(String) }

    public static func isFree(host: String, port: Int) -> Result {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let first = info else {
            return .invalid("cannot resolve host \(host)")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .invalid("cannot create a socket") }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            return errno == EADDRINUSE ? .inUse : .invalid(String(cString: strerror(errno)))
        }
        return .free
    }
}
