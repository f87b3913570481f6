/// Builds the effective configuration: defaults, then the file, then the environment, then
/// flags, then validation of the result. Pure: the caller reads the file and the environment.
///
/// ```swift
/// let path = ConfigLoader.configPath(flag: options.config, environment: env)
/// let config = try ConfigLoader.load(yaml: try? String(contentsOfFile: path), fileName: path,
///                                    environment: env, overrides: ConfigOverrides(dataDir: options.dataDir))
/// ```
public enum ConfigLoader {
    public static let defaultFileName = "rivulet.yml"

    /// `--config`, else `RIVULET_CONFIG`, else `rivulet.yml`.
    public static func configPath(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["RIVULET_CONFIG"], !path.isEmpty { return path }
        return defaultFileName
    }

    /// - Parameters:
    ///   - yaml: the file's text, or nil when there is no file (defaults apply).
    ///   - fileName: how errors name the file.
    ///   - base: what keys missing from the file fall back to; a preset, or the defaults.
    /// - Throws: every problem found, in file order, then environment and flag problems.
    public static func load(
        yaml: String?,
        fileName: String = defaultFileName,
        environment: [String: String] = [:],
        overrides: ConfigOverrides = ConfigOverrides(),
        base: RivuletConfiguration = .default
    ) throws(ConfigErrors) -> RivuletConfiguration {
        var config = base
        var sourceMap = ConfigSourceMap()
        var decodeErrors: [ConfigError] = []
        if let yaml {
            let decoded = ConfigDocumentDecoder(yaml: yaml, fileName: fileName, base: base)
            if decoded.errors.contains(where: { $0.code == .syntax }) { throw ConfigErrors(decoded.errors) }
            (config, sourceMap, decodeErrors) = (decoded.configuration, decoded.sourceMap, decoded.errors)
        }
        var applier = OverrideApplier(config: config, sourceMap: sourceMap)
        applier.applyEnvironment(environment)
        applier.applyFlags(overrides)
        let reported = decodeErrors + applier.errors
        let validationErrors = ConfigValidation.problems(in: applier.config)
            .filter { problem in !reported.contains { overlaps($0, problem.path) } }
            .map { $0.error(at: applier.sourceMap.location(of: $0.path)) }
        let all = decodeErrors + applier.errors + validationErrors
        guard all.isEmpty else { throw ConfigErrors(ordered(all)) }
        return applier.config
    }

    /// A value that failed to decode keeps its default, so checks that involve it or its
    /// neighbours (a hopping window's size and slide) would report problems the user did not
    /// write; those are left out.
    static func overlaps(_ error: ConfigError, _ candidate: ConfigKeyPath) -> Bool {
        let reported = ConfigKeyPath(error.keyPath)
        if error.code == .unknownKey { return false }
        if reported.contains(candidate) || candidate.contains(reported) { return true }
        return reported.components.count > 1 && reported.parent == candidate.parent
    }

    /// File errors by line, then environment, then flags, then the rest.
    static func ordered(_ errors: [ConfigError]) -> [ConfigError] {
        func rank(_ e: ConfigError) -> (Int, Int) {
            switch e.location {
            case .file(_, let line): (0, line)
            case .environment: (1, 0)
            case .flag: (2, 0)
            case .unspecified: (3, 0)
            }
        }
        return errors.enumerated().sorted { a, b in
            let (ra, rb) = (rank(a.element), rank(b.element))
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }
}
