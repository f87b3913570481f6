import ArgumentParser
import Foundation
import RivuletConfig

/// `--config` and `--data-dir`, which every command takes (DESIGN §1).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $RIVULET_CONFIG or ./rivulet.yml).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (default: data_dir from the config, ./data).")
    var dataDir: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var configPath: String { ConfigLoader.configPath(flag: config, environment: environment) }

    /// Reads the config file (if any) and the environment and applies the flags. A missing
    /// file means the defaults, unless the user named the file explicitly.
    func load(_ overrides: ConfigOverrides = ConfigOverrides()) throws -> RivuletConfiguration {
        var overrides = overrides
        overrides.dataDir = dataDir ?? overrides.dataDir
        let path = configPath
        let text = try readConfigFile(path, required: config != nil || environment["RIVULET_CONFIG"] != nil)
        return try ConfigLoader.load(yaml: text, fileName: path, environment: environment, overrides: overrides)
    }

    func readConfigFile(_ path: String, required: Bool) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigErrors([missingFile(path)]) }
            return nil
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors([ConfigError(.syntax, at: .file(path, line: 1), keyPath: "", "cannot read the file as UTF-8 text", cause: error)])
        }
    }

    func missingFile(_ path: String) -> ConfigError {
        ConfigError(.missingKey, at: .unspecified, keyPath: "--config", "\(path) does not exist; create one with `rivulet init`")
    }
}
