import RivuletConfig
import Testing

/// Loads `yaml` expecting failure and returns the reported errors (none if it loaded).
func loadErrors(
    _ yaml: String?,
    environment: [String: String] = [:],
    overrides: ConfigOverrides = ConfigOverrides()
) -> [ConfigError] {
    do {
        _ = try ConfigLoader.load(yaml: yaml, fileName: "rivulet.yml", environment: environment, overrides: overrides)
        return []
    } catch {
        return error.errors
    }
}

/// Expects exactly one error and returns it.
func singleError(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    let errors = loadErrors(yaml)
    #expect(errors.count == 1, "\(errors.map(\.description))", sourceLocation: sourceLocation)
    return errors.first
}
